using System.Globalization;
using System.Text;
using Pv3d.Geometry;
using Pv3d.Tests.Video;
using Pv3d.Torch;
using Pv3d.Torch.IO;

namespace Pv3d.Tests.Geometry;

/// <summary>PLY, OBJ and MRC files parsed back by independent readers written here from the format definitions.</summary>
public class MeshWriterTests : IDisposable
{
    private readonly string _dir = TestFrames.TempDir();

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private static TriangleMesh Tetrahedron() => new(
        new float[] { 0, 0, 0, 1, 0, 0, 0, 1, 0, 0, 0, 1.5f },
        new[] { 0, 2, 1, 0, 1, 3, 0, 3, 2, 1, 2, 3 },
        new byte[] { 255, 0, 0, 0, 255, 0, 0, 0, 255, 10, 20, 30 });

    [Fact]
    public void PlyParsesBackToTheSameVerticesColoursAndFaces()
    {
        var mesh = Tetrahedron();
        var path = Path.Combine(_dir, "t.ply");
        PlyWriter.Write(path, mesh);
        var bytes = File.ReadAllBytes(path);
        var headerEnd = IndexOf(bytes, "end_header\n"u8.ToArray()) + "end_header\n".Length;
        var header = Encoding.ASCII.GetString(bytes, 0, headerEnd).Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal("ply", header[0]);
        Assert.Contains("format binary_little_endian 1.0", header);
        Assert.Contains("element vertex 4", header);
        Assert.Contains("element face 4", header);
        Assert.Contains("property list uchar int vertex_indices", header);
        using var reader = new BinaryReader(new MemoryStream(bytes, headerEnd, bytes.Length - headerEnd));
        for (var v = 0; v < 4; v++)
        {
            for (var k = 0; k < 3; k++) Assert.Equal(mesh.Positions[3 * v + k], reader.ReadSingle());
            for (var k = 0; k < 3; k++) Assert.Equal(mesh.Colors![3 * v + k], reader.ReadByte());
        }
        for (var t = 0; t < 4; t++)
        {
            Assert.Equal(3, reader.ReadByte());
            for (var k = 0; k < 3; k++) Assert.Equal(mesh.Triangles[3 * t + k], reader.ReadInt32());
        }
        Assert.Equal(reader.BaseStream.Length, reader.BaseStream.Position);
    }

    [Fact]
    public void ObjParsesBackWithOneBasedFacesAndUnitColours()
    {
        var mesh = Tetrahedron();
        var path = Path.Combine(_dir, "t.obj");
        ObjWriter.Write(path, mesh);
        var vertices = new List<double[]>();
        var faces = new List<int[]>();
        foreach (var line in File.ReadAllLines(path))
        {
            var parts = line.Split(' ', StringSplitOptions.RemoveEmptyEntries);
            if (parts.Length == 0 || parts[0] == "#") continue;
            if (parts[0] == "v") vertices.Add(parts.Skip(1).Select(p => double.Parse(p, CultureInfo.InvariantCulture)).ToArray());
            else if (parts[0] == "f") faces.Add(parts.Skip(1).Select(p => int.Parse(p, CultureInfo.InvariantCulture) - 1).ToArray());
            else Assert.Fail($"unexpected OBJ line '{line}'");
        }
        Assert.Equal(4, vertices.Count);
        Assert.Equal(mesh.Triangles, faces.SelectMany(f => f).ToArray());
        for (var v = 0; v < 4; v++)
        {
            Assert.Equal(6, vertices[v].Length);
            for (var k = 0; k < 3; k++) Assert.Equal(mesh.Positions[3 * v + k], vertices[v][k], 6);
            for (var k = 0; k < 3; k++) Assert.Equal(mesh.Colors![3 * v + k] / 255.0, vertices[v][3 + k], 5);
        }
    }

    [Fact]
    public void MrcMatchesTheVolumeMrcfileWritesInEg3dsLayout()
    {
        // tests/fixtures/make_geometry_fixtures.py: mrcfile.new_mmap(shape=flip(grid, 0).shape, mrc_mode=2) as EG3D does.
        using var scope = TensorScope.Enter();
        var fixtureDir = Path.Combine(AppContext.BaseDirectory, "fixtures", "geometry");
        var array = Npy.Load(Path.Combine(fixtureDir, "mrc_grid.npy"));
        Assert.Equal(new long[] { 3, 4, 5 }, array.Shape);
        var grid = new DensityGrid(3, 4, 5, array.ToArray<float>(), (0, 0, 0), 1);
        var ours = Path.Combine(_dir, "g.mrc");
        MrcWriter.Write(ours, grid);
        var mine = File.ReadAllBytes(ours);
        var theirs = File.ReadAllBytes(Path.Combine(fixtureDir, "eg3d_layout.mrc"));

        int Int(byte[] b, int offset) => BitConverter.ToInt32(b, offset);
        // nx ny nz mode, mx my mz, mapc mapr maps, ispg, nsymbt, version
        foreach (var offset in new[] { 0, 4, 8, 12, 28, 32, 36, 64, 68, 72, 88, 92, 108 })
            Assert.Equal(Int(theirs, offset), Int(mine, offset));
        Assert.Equal(theirs.AsSpan(208, 6).ToArray(), mine.AsSpan(208, 6).ToArray()); // "MAP " and the machine stamp
        Assert.Equal(theirs.AsSpan(1024 + Int(theirs, 92)).ToArray(), mine.AsSpan(1024).ToArray());
        // Our header also carries the statistics (mrcfile's new_mmap leaves them unset).
        Assert.Equal(grid.Values.Min(), BitConverter.ToSingle(mine, 76));
        Assert.Equal(grid.Values.Max(), BitConverter.ToSingle(mine, 80));
        Assert.Equal(grid.Values.Average(v => (double)v), BitConverter.ToSingle(mine, 84), 3);
    }

    private static int IndexOf(byte[] haystack, byte[] needle)
    {
        for (var i = 0; i + needle.Length <= haystack.Length; i++)
            if (haystack.AsSpan(i, needle.Length).SequenceEqual(needle)) return i;
        return -1;
    }
}
