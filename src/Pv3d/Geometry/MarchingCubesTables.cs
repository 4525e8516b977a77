namespace Pv3d.Geometry;

/// <summary>
/// The marching-cubes case tables (Lorensen and Cline 1987), derived here from the cube's geometry rather than typed in:
/// for each of the 256 inside/outside patterns of a cell's corners, <see cref="EdgeMask"/> says which of the 12 edges the
/// surface crosses and <see cref="Triangles"/> lists the triangles as triples of edge numbers.
/// <para>
/// How a case is built: the surface meets each face of the cube in segments between crossed edges. Walking a face's corners
/// counter-clockwise as seen from outside the cube, every maximal run of inside corners is cut off by one segment from the
/// edge where the walk enters the run to the edge where it leaves it. On the ambiguous faces (inside corners diagonal) this
/// rule keeps the inside corners apart; because it depends on the face's four corners alone, two cells sharing a face always
/// cut it the same way and meshes are watertight (the classic table is not consistent on every ambiguous face). Each
/// crossed edge belongs to two faces and is entered on one and left on the other, so the segments chain into closed loops;
/// each loop is fanned into triangles wound so that their right-hand normal points from inside to outside.
/// </para>
/// Corner c has offset (c &amp; 1, (c &gt;&gt; 1) &amp; 1, (c &gt;&gt; 2) &amp; 1) in (x, y, z); the 12 edges are listed in
/// <see cref="EdgeCorners"/> (4 along x, 4 along y, 4 along z).
/// </summary>
public static class MarchingCubesTables
{
    /// <summary>The two corners of each edge, lower corner first; edges 0–3 run along x, 4–7 along y, 8–11 along z.</summary>
    public static readonly (int A, int B)[] EdgeCorners = BuildEdges();

    /// <summary>Bit e of entry <c>case</c> is set when the surface crosses edge e.</summary>
    public static readonly int[] EdgeMask = new int[256];

    /// <summary>Per case, triangles as consecutive triples of edge numbers (empty for cases 0 and 255).</summary>
    public static readonly int[][] Triangles = new int[256][];

    /// <summary>Axis (0 x, 1 y, 2 z) along which an edge runs.</summary>
    public static int EdgeAxis(int edge) => edge / 4;

    /// <summary>Offset of corner c from the cell's origin corner.</summary>
    public static (int X, int Y, int Z) CornerOffset(int corner) => (corner & 1, (corner >> 1) & 1, (corner >> 2) & 1);

    static MarchingCubesTables()
    {
        var faces = BuildFaces();
        for (var pattern = 0; pattern < 256; pattern++)
        {
            var inside = new bool[8];
            for (var c = 0; c < 8; c++) inside[c] = (pattern & (1 << c)) != 0;
            var mask = 0;
            for (var e = 0; e < 12; e++)
                if (inside[EdgeCorners[e].A] != inside[EdgeCorners[e].B]) mask |= 1 << e;
            EdgeMask[pattern] = mask;

            // next[entered edge] = left edge, from every face's segments.
            var next = new int[12];
            Array.Fill(next, -1);
            foreach (var face in faces)
                for (var i = 0; i < 4; i++)
                {
                    var here = face[i];
                    var before = face[(i + 3) % 4];
                    if (!inside[here] || inside[before]) continue; // i starts a run of inside corners
                    var enter = EdgeBetween(before, here);
                    var j = i;
                    while (inside[face[(j + 1) % 4]]) j = (j + 1) % 4;
                    var leave = EdgeBetween(face[j], face[(j + 1) % 4]);
                    next[enter] = leave;
                }

            var triangles = new List<int>();
            var used = new bool[12];
            for (var start = 0; start < 12; start++)
            {
                if (next[start] < 0 || used[start]) continue;
                var loop = new List<int>();
                for (var e = start; !used[e]; e = next[e])
                {
                    used[e] = true;
                    loop.Add(e);
                }
                // Seen from outside the cube the inside corners lie to the right of every segment, so a viewer beyond a cut-off
                // inside corner sees the loop turn clockwise: its right-hand normal points away from that corner, from
                // inside to outside. The fan keeps the loop's order.
                for (var k = 1; k + 1 < loop.Count; k++)
                    triangles.AddRange(new[] { loop[0], loop[k], loop[k + 1] });
            }
            Triangles[pattern] = triangles.ToArray();
        }
    }

    private static (int, int)[] BuildEdges()
    {
        var edges = new List<(int, int)>();
        for (var axis = 0; axis < 3; axis++)
            for (var c = 0; c < 8; c++)
                if ((c & (1 << axis)) == 0) edges.Add((c, c | (1 << axis)));
        return edges.ToArray();
    }

    private static int EdgeBetween(int a, int b)
    {
        var (lo, hi) = a < b ? (a, b) : (b, a);
        for (var e = 0; e < 12; e++)
            if (EdgeCorners[e] == (lo, hi)) return e;
        throw new InvalidOperationException($"corners {a} and {b} share no edge");
    }

    /// <summary>The six faces, each as four corners counter-clockwise seen from outside (outward normal by the right hand).</summary>
    private static List<int[]> BuildFaces()
    {
        var faces = new List<int[]>();
        for (var axis = 0; axis < 3; axis++)
            for (var side = 0; side < 2; side++)
            {
                int u = (axis + 1) % 3, v = (axis + 2) % 3;
                var baseBits = side << axis;
                // (0,0), (1,0), (1,1), (0,1) in the (u, v) plane: counter-clockwise about +axis because u × v = axis.
                var ring = new[] { baseBits, baseBits | (1 << u), baseBits | (1 << u) | (1 << v), baseBits | (1 << v) };
                if (side == 0) Array.Reverse(ring); // the face at 0 looks along −axis
                faces.Add(ring);
            }
        return faces;
    }
}
