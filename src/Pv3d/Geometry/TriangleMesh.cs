namespace Pv3d.Geometry;

/// <summary>
/// An indexed triangle mesh: positions [V·3], triangles [T·3] (vertex indices, counter-clockwise seen from outside, so the
/// right-hand normal points outwards) and optional 8-bit colours [V·3].
/// </summary>
public sealed class TriangleMesh
{
    public TriangleMesh(float[] positions, int[] triangles, byte[]? colors = null)
    {
        if (positions.Length % 3 != 0) throw new ArgumentException("positions must hold x, y, z per vertex");
        if (triangles.Length % 3 != 0) throw new ArgumentException("triangles must hold three indices each");
        if (colors is not null && colors.Length != positions.Length) throw new ArgumentException("colours must hold r, g, b per vertex");
        Positions = positions;
        Triangles = triangles;
        Colors = colors;
    }

    public float[] Positions { get; }
    public int[] Triangles { get; }
    public byte[]? Colors { get; private set; }

    public int VertexCount => Positions.Length / 3;
    public int TriangleCount => Triangles.Length / 3;

    public TriangleMesh WithColors(byte[] colors) => new(Positions, Triangles, colors);

    /// <summary>Total triangle area.</summary>
    public double SurfaceArea()
    {
        double area = 0;
        for (var t = 0; t < TriangleCount; t++)
        {
            var (a, b, c) = Corners(t);
            area += 0.5 * Length(Cross(Sub(b, a), Sub(c, a)));
        }
        return area;
    }

    /// <summary>Signed enclosed volume (divergence theorem): positive for a closed mesh with outward normals.</summary>
    public double SignedVolume()
    {
        double volume = 0;
        for (var t = 0; t < TriangleCount; t++)
        {
            var (a, b, c) = Corners(t);
            volume += Dot(a, Cross(b, c)) / 6;
        }
        return volume;
    }

    /// <summary>Area-weighted vertex normals, unit length (zero for unused vertices).</summary>
    public float[] VertexNormals()
    {
        var normals = new double[Positions.Length];
        for (var t = 0; t < TriangleCount; t++)
        {
            var (a, b, c) = Corners(t);
            var n = Cross(Sub(b, a), Sub(c, a)); // length = 2 · area
            for (var k = 0; k < 3; k++)
            {
                var v = Triangles[3 * t + k];
                normals[3 * v] += n.X;
                normals[3 * v + 1] += n.Y;
                normals[3 * v + 2] += n.Z;
            }
        }
        var result = new float[Positions.Length];
        for (var v = 0; v < VertexCount; v++)
        {
            var len = Math.Sqrt(normals[3 * v] * normals[3 * v] + normals[3 * v + 1] * normals[3 * v + 1] + normals[3 * v + 2] * normals[3 * v + 2]);
            if (len == 0) continue;
            for (var k = 0; k < 3; k++) result[3 * v + k] = (float)(normals[3 * v + k] / len);
        }
        return result;
    }

    /// <summary>How many triangle edges are used by exactly one triangle (0 for a closed, watertight mesh).</summary>
    public int BoundaryEdgeCount()
    {
        var counts = new Dictionary<(int, int), int>();
        for (var t = 0; t < TriangleCount; t++)
            for (var k = 0; k < 3; k++)
            {
                int a = Triangles[3 * t + k], b = Triangles[3 * t + (k + 1) % 3];
                var key = a < b ? (a, b) : (b, a);
                counts[key] = counts.GetValueOrDefault(key) + 1;
            }
        return counts.Values.Count(c => c == 1);
    }

    public (double X, double Y, double Z) Vertex(int v) => (Positions[3 * v], Positions[3 * v + 1], Positions[3 * v + 2]);

    private ((double X, double Y, double Z), (double X, double Y, double Z), (double X, double Y, double Z)) Corners(int t) =>
        (Vertex(Triangles[3 * t]), Vertex(Triangles[3 * t + 1]), Vertex(Triangles[3 * t + 2]));

    internal static (double X, double Y, double Z) Sub((double X, double Y, double Z) a, (double X, double Y, double Z) b) => (a.X - b.X, a.Y - b.Y, a.Z - b.Z);
    internal static (double X, double Y, double Z) Cross((double X, double Y, double Z) a, (double X, double Y, double Z) b) =>
        (a.Y * b.Z - a.Z * b.Y, a.Z * b.X - a.X * b.Z, a.X * b.Y - a.Y * b.X);
    internal static double Dot((double X, double Y, double Z) a, (double X, double Y, double Z) b) => a.X * b.X + a.Y * b.Y + a.Z * b.Z;
    internal static double Length((double X, double Y, double Z) a) => Math.Sqrt(Dot(a, a));
}
