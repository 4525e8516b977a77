using System.Buffers.Binary;
using System.Text;
using Pv3d.Torch;
using Pv3d.Torch.IO;

namespace Pv3d.Tests.IO;

public class SafeTensorsTests
{
    [Fact]
    public void ReadsHandWrittenFileExactly()
    {
        using var scope = TensorScope.Enter();
        var (tensors, metadata) = SafeTensors.Load(IoFixtures.Path("tensors.safetensors"));
        var expected = IoFixtures.ExpectedFile("tensors.safetensors");
        Assert.Equal(expected.EnumerateObject().Select(p => p.Name).ToHashSet(), tensors.Keys.ToHashSet());
        foreach (var p in expected.EnumerateObject()) IoFixtures.AssertTensor(p.Value, tensors[p.Name]);
        Assert.Equal("pt", metadata["format"]);
        Assert.Equal("{\"z_dim\": 512}", metadata["config"]);
    }

    [Fact]
    public void RoundTripsTensorsAndMetadataAndLeavesNoTemporaryFile()
    {
        using var scope = TensorScope.Enter();
        using var dir = new IoFixtures.TempDir();
        var (tensors, _) = SafeTensors.Load(IoFixtures.Path("tensors.safetensors"));
        var path = dir.File("model.safetensors");
        File.WriteAllText(path, "old contents");
        SafeTensors.Save(path, tensors, new Dictionary<string, string> { ["config"] = "{\"a\": 1}" });
        Assert.Equal(new[] { path }, Directory.GetFiles(dir.Root));
        var (back, metadata) = SafeTensors.Load(path);
        Assert.Equal("{\"a\": 1}", metadata["config"]);
        foreach (var p in IoFixtures.ExpectedFile("tensors.safetensors").EnumerateObject()) IoFixtures.AssertTensor(p.Value, back[p.Name]);
        var headerLength = BinaryPrimitives.ReadUInt64LittleEndian(File.ReadAllBytes(path).AsSpan(0, 8));
        Assert.Equal(0UL, headerLength % 8);
    }

    [Fact]
    public void WritesNonContiguousTensorsInRowMajorOrder()
    {
        using var scope = TensorScope.Enter();
        using var dir = new IoFixtures.TempDir();
        var state = TorchCheckpoint.LoadStateDict(IoFixtures.Path("checkpoint.pt"));
        SafeTensors.Save(dir.File("v.safetensors"), new Dictionary<string, Tensor> { ["view"] = state["view"] });
        var back = SafeTensors.Load(dir.File("v.safetensors")).Tensors["view"];
        Assert.True(back.IsContiguous);
        IoFixtures.AssertTensor(IoFixtures.Expected("checkpoint.pt", "view"), back);
    }

    private static string WithHeader(IoFixtures.TempDir dir, string json, int dataBytes, ulong? declaredLength = null)
    {
        var header = Encoding.UTF8.GetBytes(json);
        var bytes = new byte[8 + header.Length + dataBytes];
        BinaryPrimitives.WriteUInt64LittleEndian(bytes, declaredLength ?? (ulong)header.Length);
        header.CopyTo(bytes, 8);
        var path = dir.File(Guid.NewGuid().ToString("N") + ".safetensors");
        File.WriteAllBytes(path, bytes);
        return path;
    }

    [Theory]
    [InlineData("{\"w\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[0,8]}}", 8, 1000000UL, "beyond the file")]
    [InlineData("{\"w\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[0,16]}}", 8, null, "outside")]
    [InlineData("{\"w\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[4,12]}}", 8, null, "outside")]
    [InlineData("{\"w\":{\"dtype\":\"F32\",\"shape\":[3],\"data_offsets\":[0,8]}}", 8, null, "needs 12")]
    [InlineData("{\"w\":{\"dtype\":\"C64\",\"shape\":[1],\"data_offsets\":[0,8]}}", 8, null, "unsupported dtype")]
    [InlineData("{\"w\":{\"dtype\":\"F32\",\"shape\":[-1],\"data_offsets\":[0,8]}}", 8, null, "negative size")]
    [InlineData("{\"w\":{\"dtype\":\"F32\",\"shape\":[4294967296,4294967296,4294967296],\"data_offsets\":[0,8]}}", 8, null, "impossibly large")]
    [InlineData("{\"w\":{\"dtype\":\"F32\"}}", 8, null, "malformed")]
    [InlineData("{\"w\": [1, 2", 8, null, "not valid JSON")]
    public void BadFilesFailWithTheirName(string json, int dataBytes, ulong? declared, string expected)
    {
        using var dir = new IoFixtures.TempDir();
        var path = WithHeader(dir, json, dataBytes, declared);
        var e = Assert.Throws<Pv3dException>(() => SafeTensors.Load(path));
        Assert.Contains(path, e.Message);
        Assert.Contains(expected, e.Message);
    }
}
