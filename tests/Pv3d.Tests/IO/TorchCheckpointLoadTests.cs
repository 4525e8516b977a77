using System.Numerics;
using Pv3d.Torch;
using Pv3d.Torch.IO;
using Pv3d.Torch.IO.Pickle;

namespace Pv3d.Tests.IO;

public class TorchCheckpointLoadTests
{
    private static Dictionary<object, object?> LoadRoot(TensorScope scope) =>
        Assert.IsType<Dictionary<object, object?>>(TorchCheckpoint.Load(IoFixtures.Path("checkpoint.pt")));

    [Fact]
    public void LoadsNestedConfigValues()
    {
        using var scope = TensorScope.Enter();
        var root = LoadRoot(scope);
        var config = Assert.IsType<Dictionary<object, object?>>(root["config"]);
        Assert.Equal("pv3d", config["name"]);
        Assert.Equal(64L, config["resolution"]);
        Assert.Equal(0.0025, config["lr"]);
        Assert.Equal(new List<object?> { 0.0, 0.99 }, config["betas"]);
        Assert.Equal(true, config["use_sr"]);
        Assert.Null(config["ema"]);
        Assert.Equal(BigInteger.Pow(2, 70), config["big"]);
        Assert.Equal(-5L, config["neg"]);
        Assert.Equal(new object?[] { 1L, "x" }, config["pair"]);
        Assert.Equal("h\u00e9llo \u2713", config["unicode"]);
        var nested = Assert.IsType<Dictionary<object, object?>>(config["nested"]);
        Assert.Equal(new object[] { "depth", "tags", 3L }, nested.Keys.ToArray());
        Assert.Equal("int key", nested[3L]);
        Assert.Equal(7L, root["epoch"]);
        Assert.Equal(new object[] { "config", "state_dict", "optimizer", "model", "args", "epoch" }, root.Keys.ToArray());
    }

    [Fact]
    public void LoadsEveryStateDictTensorExactly()
    {
        using var scope = TensorScope.Enter();
        var root = LoadRoot(scope);
        var state = Assert.IsType<PyOrderedDict>(root["state_dict"]);
        var expected = IoFixtures.ExpectedFile("checkpoint.pt");
        Assert.Equal(expected.EnumerateObject().Select(p => (object)p.Name).ToArray(), state.Keys.ToArray());
        foreach (var p in expected.EnumerateObject())
            IoFixtures.AssertTensor(p.Value, Assert.IsType<Tensor>(state[p.Name]), checkLayout: true);
    }

    [Fact]
    public void ViewsKeepOffsetStridesAndShareTheirStorage()
    {
        using var scope = TensorScope.Enter();
        var state = (PyOrderedDict)LoadRoot(scope)["state_dict"]!;
        var baseInfo = StorageInfo.Of((Tensor)state["base"]!);
        var viewInfo = StorageInfo.Of((Tensor)state["view"]!);
        var rowInfo = StorageInfo.Of((Tensor)state["row"]!);
        Assert.Equal(IoFixtures.Expected("checkpoint.pt", "view").GetProperty("offset").GetInt64(), viewInfo.Offset);
        Assert.Equal(18, rowInfo.Offset);
        Assert.Equal(baseInfo.Id, viewInfo.Id);
        Assert.Equal(baseInfo.Id, rowInfo.Id);
        Assert.False(((Tensor)state["view"]!).IsContiguous);
        Assert.NotEqual(baseInfo.Id, StorageInfo.Of((Tensor)state["param"]!).Id);
    }

    [Fact]
    public void LoadsOptimizerStateAndModelOfTrainingCheckpoint()
    {
        using var scope = TensorScope.Enter();
        var root = LoadRoot(scope);
        var optimizer = Assert.IsType<Dictionary<object, object?>>(root["optimizer"]);
        var perParam = Assert.IsType<Dictionary<object, object?>>(optimizer["state"]);
        var first = Assert.IsType<Dictionary<object, object?>>(perParam[0L]);
        IoFixtures.AssertTensor(IoFixtures.Expected("checkpoint.pt/optimizer", "exp_avg_sq.0"), (Tensor)first["exp_avg_sq"]!);
        IoFixtures.AssertTensor(IoFixtures.Expected("checkpoint.pt/optimizer", "step.0"), (Tensor)first["step"]!);
        var group = Assert.IsType<Dictionary<object, object?>>(Assert.IsType<List<object?>>(optimizer["param_groups"])[0]);
        Assert.Equal(new object?[] { 0.0, 0.99 }, group["betas"]);
        var ids = IoFixtures.Expected("checkpoint.pt/optimizer", "param_groups.params").EnumerateArray().Select(e => (object?)e.GetInt64());
        Assert.Equal(ids.ToList(), group["params"]);
        var model = Assert.IsType<PyOrderedDict>(root["model"]);
        foreach (var p in IoFixtures.ExpectedFile("checkpoint.pt/model").EnumerateObject())
            IoFixtures.AssertTensor(p.Value, (Tensor)model[p.Name]!);
    }

    [Fact]
    public void CustomClassBecomesInertPlaceholderWithItsState()
    {
        using var scope = TensorScope.Enter();
        var args = Assert.IsType<PickleObject>(LoadRoot(scope)["args"]);
        Assert.Equal("argparse.Namespace", args.FullName);
        var attributes = args.Attributes!;
        Assert.Equal(0.1, attributes["lr"]);
        Assert.Equal("run1", attributes["name"]);
    }

    [Fact]
    public void LoadStateDictFindsNestedEntryOrRoot()
    {
        using var scope = TensorScope.Enter();
        var nested = TorchCheckpoint.LoadStateDict(IoFixtures.Path("checkpoint.pt"));
        Assert.Equal(IoFixtures.ExpectedFile("checkpoint.pt").EnumerateObject().Select(p => p.Name), nested.Keys);
        var root = TorchCheckpoint.LoadStateDict(IoFixtures.Path("state_dict.pt"));
        Assert.Equal(new[] { "conv.weight", "conv.bias" }, root.Keys);
        IoFixtures.AssertTensor(IoFixtures.Expected("checkpoint.pt", "conv.bias"), root["conv.bias"]);
        var model = TorchCheckpoint.LoadStateDict(IoFixtures.Path("checkpoint.pt"), null, "model");
        Assert.Equal(new[] { "weight", "bias" }, model.Keys);
    }

    [Fact]
    public void TensorsBelongToTheCallersScope()
    {
        Tensor conv;
        using (var scope = TensorScope.Enter())
        {
            conv = TorchCheckpoint.LoadStateDict(IoFixtures.Path("state_dict.pt"))["conv.weight"];
            Assert.Equal(2, scope.Count);
        }
        Assert.True(conv.IsDisposed);
    }
}
