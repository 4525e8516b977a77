using Pv3d.Torch;
using Pv3d.Torch.Modules;

namespace Pv3d.Tests.Modules;

public class ModuleBehaviourTests
{
    [Fact]
    public void TrainAndEvalReachEveryDescendant()
    {
        using var net = new TestModules.Net();
        Assert.All(net.Modules(), m => Assert.True(m.IsTraining));
        net.Eval();
        Assert.All(net.Modules(), m => Assert.False(m.IsTraining));
        net.Train();
        Assert.True(net.GetModule("blocks")!.GetModule("1")!.IsTraining);
    }

    [Fact]
    public void ParametersAreOwnedAndSurviveTheScopeThatCreatedThem()
    {
        TestModules.Net net;
        using (TensorScope.Enter()) net = new TestModules.Net();
        Assert.All(net.StateDict().Values, t => Assert.False(t.IsDisposed));
        var tensors = net.StateDict().Values.Concat(net.Buffers()).ToList();
        net.Dispose();
        Assert.All(tensors, t => Assert.True(t.IsDisposed));
    }

    [Fact]
    public void RequiresGradTogglesEveryParameterAndZeroGradClearsGradients()
    {
        using var scope = TensorScope.Enter();
        using var lin = new Linear(3, 2);
        Assert.All(lin.Parameters(), p => Assert.True(p.RequiresGrad && p.IsLeaf));
        foreach (var p in lin.Parameters()) p.SetGrad(Tensor.FromArray(new float[p.NumEl], p.Shape));
        lin.ZeroGrad(setToNone: false);
        Assert.All(lin.Parameters(), p => Assert.NotNull(p.Grad));
        lin.ZeroGrad();
        Assert.All(lin.Parameters(), p => Assert.Null(p.Grad));
        lin.RequiresGrad(false);
        Assert.All(lin.Parameters(), p => Assert.False(p.RequiresGrad));
    }

    [Fact]
    public void ToDTypeConvertsFloatingTensorsOnlyAndKeepsThemLeaves()
    {
        using var scope = TensorScope.Enter();
        using var block = new TestModules.Block(4);
        var before = block.StateDict()["affine.weight"].ToArray<float>();
        block.To(DType.Float64);
        var sd = block.StateDict();
        Assert.Equal(DType.Float64, sd["affine.weight"].DType);
        Assert.Equal(DType.Float64, sd["noise_const"].DType);
        Assert.Equal(DType.Int64, sd["counter"].DType);
        Assert.True(sd["affine.weight"].RequiresGrad);
        Assert.True(sd["affine.weight"].IsLeaf);
        Assert.Equal(before.Select(v => (double)v), sd["affine.weight"].ToArray<double>());
        Assert.Throws<ArgumentException>(() => block.To(DType.Int32));
    }

    [Fact]
    public void LinearAndConvUsePyTorchsDefaultInitBounds()
    {
        using var lin = new Linear(50, 400);
        using var conv = new Conv2d(8, 64, 3, groups: 2);
        Assert.Equal(new long[] { 400, 50 }, lin.Weight.Shape);
        Assert.Equal(new long[] { 64, 4, 3, 3 }, conv.Weight.Shape);
        Assert.Equal(new long[] { 64 }, conv.Bias!.Shape);
        CheckUniform(lin.Weight.ToArray<float>(), 1 / Math.Sqrt(50));
        CheckUniform(lin.Bias!.ToArray<float>(), 1 / Math.Sqrt(50));
        CheckUniform(conv.Weight.ToArray<float>(), 1 / Math.Sqrt(4 * 9));
    }

    private static void CheckUniform(float[] values, double bound)
    {
        Assert.All(values, v => Assert.InRange(v, -bound, bound));
        // U(-b, b) has variance b²/3; with hundreds of samples the estimate is within 25%.
        var variance = values.Select(v => (double)v * v).Average();
        Assert.InRange(variance, 0.75 * bound * bound / 3, 1.25 * bound * bound / 3);
        Assert.True(values.Max() > 0.7 * bound && values.Min() < -0.7 * bound);
    }

    [Fact]
    public void LinearAndConvForwardMatchTheirDefinitions()
    {
        using var scope = TensorScope.Enter();
        using var lin = new Linear(3, 2);
        using var x = Tensor.FromArray(new float[] { 1, 2, 3, -1, 0, 0.5f }, 2, 3);
        var y = lin.Forward(x).ToArray<float>();
        var w = lin.Weight.ToArray<float>();
        var b = lin.Bias!.ToArray<float>();
        var xs = x.ToArray<float>();
        for (var n = 0; n < 2; n++)
        for (var o = 0; o < 2; o++)
        {
            var expected = b[o] + Enumerable.Range(0, 3).Sum(i => xs[n * 3 + i] * w[o * 3 + i]);
            Assert.Equal(expected, y[n * 2 + o], 1e-5);
        }

        // A 1x1 convolution is the same linear map over channels.
        using var conv = new Conv2d(3, 2, 1);
        conv.LoadStateDict(new Dictionary<string, Tensor>
        {
            ["weight"] = lin.Weight.Detach().View4d(),
            ["bias"] = lin.Bias!,
        });
        var img = Tensor.FromArray(xs, 2, 3, 1, 1);
        var yc = conv.Forward(img).ToArray<float>();
        for (var i = 0; i < y.Length; i++) Assert.Equal(y[i], yc[i], 1e-5);
    }

    [Fact]
    public void SequentialAppliesItsLayersInOrder()
    {
        using var scope = TensorScope.Enter();
        using var seq = new Sequential(new LeakyRelu(0.5), new LeakyRelu(0.1));
        using var x = Tensor.FromArray(new float[] { -4, 2 });
        Assert.Equal(new float[] { -0.2f, 2 }, seq.Forward(x).ToArray<float>());
        Assert.Equal(2, seq.Count);
        Assert.Empty(seq.StateDict());
    }
}

internal static class TensorTestExtensions
{
    public static Tensor View4d(this Tensor w) => Tensor.FromArray(w.ToArray<float>(), w.Size(0), w.Size(1), 1, 1);
}
