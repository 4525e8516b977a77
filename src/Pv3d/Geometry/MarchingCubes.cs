namespace Pv3d.Geometry;

/// <summary>
/// Marching cubes over a <see cref="DensityGrid"/> (the role PyMCubes' <c>mcubes.marching_cubes(sigma, 10)</c> plays in the
/// official render code): the surface where the field equals the iso-level, with samples above the level inside (density
/// convention; negate a signed distance to use it). Vertices lie on grid edges, placed by linear interpolation, and are
/// shared between the cells that meet at an edge, so the mesh is indexed and, by the face rule of
/// <see cref="MarchingCubesTables"/>, watertight wherever the surface does not leave the grid. Positions are in world
/// units (grid origin and spacing applied); triangles wind counter-clockwise seen from the low side (outward normals).
/// </summary>
public static class MarchingCubes
{
    public static TriangleMesh Extract(DensityGrid grid, double isoLevel)
    {
        if (!double.IsFinite(isoLevel)) throw new ArgumentException($"the iso-level must be finite, got {isoLevel}");
        int nx = grid.NX, ny = grid.NY, nz = grid.NZ;
        var iso = (float)isoLevel;
        var v = grid.Values;
        // Vertex index per grid edge: (lower sample index) · 3 + axis; −1 = not made yet.
        var edgeVertex = new int[(long)nx * ny * nz * 3];
        Array.Fill(edgeVertex, -1);
        var positions = new List<float>();
        var triangles = new List<int>();
        var corner = new float[8];
        var cellEdges = new int[12];

        long Index(int i, int j, int k) => ((long)i * ny + j) * nz + k;

        for (var i = 0; i < nx - 1; i++)
            for (var j = 0; j < ny - 1; j++)
                for (var k = 0; k < nz - 1; k++)
                {
                    var pattern = 0;
                    for (var c = 0; c < 8; c++)
                    {
                        var (dx, dy, dz) = MarchingCubesTables.CornerOffset(c);
                        corner[c] = v[Index(i + dx, j + dy, k + dz)];
                        if (corner[c] > iso) pattern |= 1 << c;
                    }
                    var mask = MarchingCubesTables.EdgeMask[pattern];
                    if (mask == 0) continue;
                    for (var e = 0; e < 12; e++)
                    {
                        if ((mask & (1 << e)) == 0) continue;
                        var (a, b) = MarchingCubesTables.EdgeCorners[e];
                        var (ax, ay, az) = MarchingCubesTables.CornerOffset(a);
                        var key = Index(i + ax, j + ay, k + az) * 3 + MarchingCubesTables.EdgeAxis(e);
                        if (edgeVertex[key] < 0)
                        {
                            var va = corner[a];
                            var vb = corner[b];
                            var t = (double)(iso - va) / (vb - va);
                            if (!double.IsFinite(t)) t = 0.5;
                            t = Math.Clamp(t, 0, 1);
                            var axis = MarchingCubesTables.EdgeAxis(e);
                            edgeVertex[key] = positions.Count / 3;
                            positions.Add((float)(grid.Origin.X + (i + ax + (axis == 0 ? t : 0)) * grid.Spacing));
                            positions.Add((float)(grid.Origin.Y + (j + ay + (axis == 1 ? t : 0)) * grid.Spacing));
                            positions.Add((float)(grid.Origin.Z + (k + az + (axis == 2 ? t : 0)) * grid.Spacing));
                        }
                        cellEdges[e] = edgeVertex[key];
                    }
                    foreach (var e in MarchingCubesTables.Triangles[pattern]) triangles.Add(cellEdges[e]);
                }
        return new TriangleMesh(positions.ToArray(), triangles.ToArray());
    }
}
