using Pv3d.Geometry;

namespace Pv3d.Tests.Geometry;

/// <summary>Marching cubes against closed forms: a sphere, a plane, empty and full grids, and watertightness on noise.</summary>
public class MarchingCubesTests
{
    [Fact]
    public void TablesCrossExactlyTheEdgesWithDifferentCornersAndUseEachOfThem()
    {
        Assert.Empty(MarchingCubesTables.Triangles[0]);
        Assert.Empty(MarchingCubesTables.Triangles[255]);
        for (var pattern = 1; pattern < 255; pattern++)
        {
            var mask = MarchingCubesTables.EdgeMask[pattern];
            Assert.Equal(mask, MarchingCubesTables.EdgeMask[255 - pattern]);
            var used = MarchingCubesTables.Triangles[pattern].Aggregate(0, (m, e) => m | (1 << e));
            Assert.Equal(mask, used);
            Assert.Equal(0, MarchingCubesTables.Triangles[pattern].Length % 3);
        }
        // A single inside corner is cut off by one triangle; four corners of a face by a quad (two triangles).
        Assert.Equal(3, MarchingCubesTables.Triangles[1].Length);
        Assert.Equal(6, MarchingCubesTables.Triangles[0b1111].Length);
    }

    [Theory]
    [InlineData(0.3, 64)]
    [InlineData(0.2, 48)]
    public void SphereHasTheRadiusAreaAndVolumeOfTheClosedFormWithin1Percent(double radius, int n)
    {
        // Density convention: inside where the field exceeds the level; an offset centre avoids grid symmetry.
        var (cx, cy, cz) = (0.013, -0.021, 0.007);
        var grid = DensityGrid.Cube(n, -0.5, 0.5, (x, y, z) => 10 + radius - Math.Sqrt((x - cx) * (x - cx) + (y - cy) * (y - cy) + (z - cz) * (z - cz)));
        var mesh = MarchingCubes.Extract(grid, 10);

        Assert.Equal(0, mesh.BoundaryEdgeCount());
        var radii = Enumerable.Range(0, mesh.VertexCount).Select(v =>
        {
            var (x, y, z) = mesh.Vertex(v);
            return Math.Sqrt((x - cx) * (x - cx) + (y - cy) * (y - cy) + (z - cz) * (z - cz));
        }).ToArray();
        Assert.InRange(radii.Min(), radius * 0.99, radius * 1.01);
        Assert.InRange(radii.Max(), radius * 0.99, radius * 1.01);
        Assert.InRange(mesh.SurfaceArea() / (4 * Math.PI * radius * radius), 0.99, 1.01);
        // Positive signed volume: normals point outwards.
        Assert.InRange(mesh.SignedVolume() / (4.0 / 3 * Math.PI * radius * radius * radius), 0.99, 1.01);
    }

    [Fact]
    public void PlaneIsFlatAtTheInterpolatedLevelWithOutwardNormalsAndTheBoxArea()
    {
        // Inside (above the level) for x < 0.123: the surface is the plane x = 0.123 facing +x.
        const double x0 = 0.123;
        var grid = DensityGrid.Cube(17, -0.5, 0.5, (x, _, _) => 2 * (x0 - x));
        var mesh = MarchingCubes.Extract(grid, 0);
        Assert.True(mesh.VertexCount > 0);
        for (var v = 0; v < mesh.VertexCount; v++) Assert.Equal(x0, mesh.Vertex(v).X, 5);
        Assert.Equal(1.0, mesh.SurfaceArea(), 5);
        var normals = mesh.VertexNormals();
        for (var v = 0; v < mesh.VertexCount; v++) Assert.Equal(1.0, normals[3 * v], 5);
        // The surface leaves the grid on all four sides: its boundary is the square's rim, 16 cells per side.
        Assert.Equal(4 * 16, mesh.BoundaryEdgeCount());
    }

    [Fact]
    public void EmptyAndFullGridsHaveNoSurface()
    {
        Assert.Equal(0, MarchingCubes.Extract(DensityGrid.Cube(8, -1, 1, (_, _, _) => -5), 10).TriangleCount);
        Assert.Equal(0, MarchingCubes.Extract(DensityGrid.Cube(8, -1, 1, (_, _, _) => 50), 10).TriangleCount);
    }

    [Fact]
    public void NoiseWithEg3dBordersGivesAClosedMeshWithPositiveVolume()
    {
        // Random fields hit every case, ambiguous faces included; the face rule must still close the surface.
        var rng = new Random(5);
        const int n = 20;
        var values = Enumerable.Range(0, n * n * n).Select(_ => (float)(rng.NextDouble() * 20)).ToArray();
        var grid = new DensityGrid(n, n, n, values, (0, 0, 0), 1);
        grid.FillBorder(2);
        var mesh = MarchingCubes.Extract(grid, 10);
        Assert.True(mesh.TriangleCount > 1000);
        Assert.Equal(0, mesh.BoundaryEdgeCount());
        Assert.True(mesh.SignedVolume() > 0);
        for (var i = 0; i < n; i++)
        {
            Assert.Equal(-1000, grid[i, 0, 5]);
            Assert.Equal(-1000, grid[1, i, n - 2]);
        }
        Assert.NotEqual(-1000, grid[2, 2, 2]);
    }
}
