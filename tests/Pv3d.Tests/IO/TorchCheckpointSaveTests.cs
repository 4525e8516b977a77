using System.Numerics;
using Pv3d.Torch;
using Pv3d.Torch.IO;
using Pv3d.Torch.IO.Pickle;

namespace Pv3d.Tests.IO;

public class TorchCheckpointSaveTests
{
    [Fact]
    public void SavedCheckpointLoadsBackWithValuesLayoutAndSharing()
    {
        using var scope = TensorScope.Enter();
        using var dir = new IoFixtures.TempDir();
        var source = (Dictionary<object, object?>)TorchCheckpoint.Load(IoFixtures.Path("checkpoint.pt"))!;
        source.Remove("args"); // a placeholder: not writable
        var path = dir.File("saved.pt");
        TorchCheckpoint.Save(path, source);

        var loaded = Assert.IsType<Dictionary<object, object?>>(TorchCheckpoint.Load(path));
        Assert.Equal(source.Keys, loaded.Keys);
        var config = (Dictionary<object, object?>)loaded["config"]!;
        Assert.Equal(BigInteger.Pow(2, 70), config["big"]);
        Assert.Equal(new object?[] { 1L, "x" }, config["pair"]);
        Assert.Equal("h\u00e9llo \u2713", config["unicode"]);
        Assert.Null(config["ema"]);
        var state = Assert.IsType<PyOrderedDict>(loaded["state_dict"]);
        foreach (var p in IoFixtures.ExpectedFile("checkpoint.pt").EnumerateObject())
            IoFixtures.AssertTensor(p.Value, (Tensor)state[p.Name]!, checkLayout: true);
        var view = StorageInfo.Of((Tensor)state["view"]!);
        Assert.Equal(StorageInfo.Of((Tensor)state["base"]!).Id, view.Id);
        Assert.Equal(13, view.Offset);
        var optimizer = (Dictionary<object, object?>)loaded["optimizer"]!;
        var first = (Dictionary<object, object?>)((Dictionary<object, object?>)optimizer["state"]!)[0L]!;
        IoFixtures.AssertTensor(IoFixtures.Expected("checkpoint.pt/optimizer", "exp_avg_sq.0"), (Tensor)first["exp_avg_sq"]!);
    }

    [Fact]
    public void RoundTripsPrimitivesOfEveryWidth()
    {
        using var dir = new IoFixtures.TempDir();
        var values = new List<object?>
        {
            0L, 255L, 256L, 65535L, 65536L, -1L, int.MinValue, (long)int.MaxValue + 1, long.MinValue, long.MaxValue,
            BigInteger.Pow(-3, 50), 1.5, double.NegativeInfinity, "", "\u00fc\u20ac", true, false, null,
            new byte[] { 0, 127, 128, 255 }, new object?[] { 1L, 2L, 3L, 4L }, new object?[] { "one" }, new HashSet<object?> { "s" },
        };
        var path = dir.File("values.pt");
        TorchCheckpoint.Save(path, values);
        var loaded = Assert.IsType<List<object?>>(TorchCheckpoint.Load(path));
        var expected = values.Select(v => v is int i ? (object)(long)i : v).ToList();
        Assert.Equal(expected, loaded);
    }

    [Fact]
    public void RefusesPlaceholdersAndCycles()
    {
        using var dir = new IoFixtures.TempDir();
        var placeholder = new PickleObject("os", "system", new object?[] { "true" });
        Assert.Throws<Pv3dException>(() => TorchCheckpoint.Save(dir.File("a.pt"), new List<object?> { placeholder }));
        var cycle = new List<object?>();
        cycle.Add(cycle);
        Assert.Throws<Pv3dException>(() => TorchCheckpoint.Save(dir.File("b.pt"), cycle));
        Assert.Empty(Directory.GetFiles(dir.Root)); // nothing half-written left behind
    }

    [Fact]
    public void SavesTensorsCreatedHere()
    {
        using var scope = TensorScope.Enter();
        using var dir = new IoFixtures.TempDir();
        var weights = new PyOrderedDict
        {
            ["a"] = Tensor.FromArray(new float[] { 1, 2, 3, 4, 5, 6 }, 2, 3),
            ["b"] = Tensor.FromArray(new long[] { -7, 8 }),
            ["c"] = Tensor.FromArray(new[] { true, false, true }),
        };
        TorchCheckpoint.Save(dir.File("w.pt"), weights);
        var back = TorchCheckpoint.LoadStateDict(dir.File("w.pt"));
        Assert.Equal(new[] { "a", "b", "c" }, back.Keys);
        Assert.Equal(new float[] { 1, 2, 3, 4, 5, 6 }, back["a"].ToArray<float>());
        Assert.Equal(new long[] { 2, 3 }, back["a"].Shape);
        Assert.Equal(new long[] { -7, 8 }, back["b"].ToArray<long>());
        Assert.Equal(DType.Bool, back["c"].DType);
        Assert.Equal(new byte[] { 1, 0, 1 }, back["c"].ToArray<byte>());
    }
}
