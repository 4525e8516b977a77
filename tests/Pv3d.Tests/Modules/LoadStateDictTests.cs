using Pv3d.Torch;
using Pv3d.Torch.Modules;

namespace Pv3d.Tests.Modules;

public class LoadStateDictTests
{
    private static Dictionary<string, Tensor> Source(Module m, DType dtype = DType.Float64, double offset = 10)
    {
        // New values (each entry shifted), stored as another dtype to exercise conversion.
        var result = new Dictionary<string, Tensor>();
        foreach (var (name, t) in m.StateDict())
        {
            var values = t.To(DType.Float64).ToArray<double>().Select((v, i) => v + offset + i).ToArray();
            using var d = Tensor.FromSpan<double>(values, t.Shape);
            result[name] = d.To(dtype);
        }
        return result;
    }

    private static double[] Values(Tensor t)
    {
        using var d = t.To(DType.Float64);
        return d.ToArray<double>();
    }

    private static void AssertClose(double[] expected, double[] actual)
    {
        Assert.Equal(expected.Length, actual.Length);
        for (var i = 0; i < expected.Length; i++) Assert.Equal(expected[i], actual[i], 1e-5 * Math.Max(1, Math.Abs(expected[i])));
    }

    [Fact]
    public void LoadsEveryEntryInPlaceConvertingDtype()
    {
        using var scope = TensorScope.Enter();
        using var net = new TestModules.Net();
        var source = Source(net);
        var weightBefore = net.GetModule("head")!.GetParameter("weight");
        var report = net.LoadStateDict(source);
        Assert.True(report.IsComplete);
        foreach (var (name, t) in net.StateDict())
        {
            AssertClose(Values(source[name]), Values(t));
        }
        // Same tensor objects, still float32 leaves requiring grad, int64 buffer still int64.
        Assert.Same(weightBefore, net.GetModule("head")!.GetParameter("weight"));
        Assert.Equal(DType.Float32, net.StateDict()["head.weight"].DType);
        Assert.True(net.StateDict()["head.weight"].RequiresGrad);
        Assert.True(net.StateDict()["head.weight"].IsLeaf);
        Assert.Equal(DType.Int64, net.StateDict()["blocks.0.counter"].DType);
    }

    [Fact]
    public void StrictLoadNamesMissingUnexpectedAndMisshapedKeysAndChangesNothing()
    {
        using var scope = TensorScope.Enter();
        using var net = new TestModules.Net();
        var source = Source(net);
        source.Remove("blocks.1.conv0.bias");
        source["blocks.7.extra"] = TestModules.Zeros(3);
        source["head.weight"] = TestModules.Zeros(1, 5);
        var before = Values(net.StateDict()["scale"]);

        var e = Assert.Throws<Pv3dException>(() => net.LoadStateDict(source));
        Assert.Contains("1 missing key: blocks.1.conv0.bias", e.Message);
        Assert.Contains("1 unexpected key: blocks.7.extra", e.Message);
        Assert.Contains("head.weight (expected [1, 6], got [1, 5])", e.Message);
        Assert.Equal(before, Values(net.StateDict()["scale"]));
    }

    [Fact]
    public void NonStrictLoadReportsAndLoadsWhatMatches()
    {
        using var scope = TensorScope.Enter();
        using var net = new TestModules.Net();
        var source = Source(net);
        source.Remove("scale");
        source["unused"] = TestModules.Zeros(1);
        source["head.bias"] = TestModules.Zeros(2);
        var headBias = Values(net.StateDict()["head.bias"]);

        var report = net.LoadStateDict(source, strict: false);
        Assert.Equal(new[] { "scale" }, report.Missing);
        Assert.Equal(new[] { "unused" }, report.Unexpected);
        var mismatch = Assert.Single(report.Mismatched);
        Assert.Equal("head.bias", mismatch.Name);
        Assert.Equal(new long[] { 1 }, mismatch.Expected);
        Assert.Equal(new long[] { 2 }, mismatch.Got);
        Assert.Equal(headBias, Values(net.StateDict()["head.bias"]));
        AssertClose(Values(source["head.weight"]), Values(net.StateDict()["head.weight"]));
    }

    [Fact]
    public void MessageListsATruncatedSelectionOfHundredsOfKeys()
    {
        using var scope = TensorScope.Enter();
        using var lin = new Linear(2, 2);
        var source = Source(lin);
        for (var i = 0; i < 300; i++) source[$"stray.{i}"] = TestModules.Zeros(1);
        var e = Assert.Throws<Pv3dException>(() => lin.LoadStateDict(source));
        Assert.Contains("300 unexpected keys: stray.0, stray.1", e.Message);
        Assert.Contains("... and 290 more", e.Message);
        Assert.DoesNotContain("stray.10,", e.Message);
    }

    [Fact]
    public void CopyFromCopiesParametersAndBuffersOfTheSameStructure()
    {
        using var scope = TensorScope.Enter();
        using var a = new TestModules.Block(4);
        using var b = new TestModules.Block(4);
        b.LoadStateDict(Source(b, DType.Float32, 3));
        a.CopyFrom(b);
        foreach (var (name, t) in a.StateDict()) Assert.Equal(Values(b.StateDict()[name]), Values(t));
        using var other = new TestModules.Block(6);
        Assert.Throws<ArgumentException>(() => a.CopyFrom(other));
    }
}
