using Pv3d.Torch;
using static Pv3d.Tests.Ops.OpsAssert;

namespace Pv3d.Tests.Ops;

public class CreationTests
{
    [Fact]
    public void ZerosOnesFullHaveShapeDtypeAndValues()
    {
        using var scope = TensorScope.Enter();
        var z = Tensor.Zeros(2, 3);
        Assert.Equal(new long[] { 2, 3 }, z.Shape);
        Assert.Equal(DType.Float32, z.DType);
        Assert.All(Values(z), v => Assert.Equal(0.0, v));

        var o = Tensor.Ones(new long[] { 4 }, DType.Int64);
        Assert.Equal(DType.Int64, o.DType);
        Assert.Equal(new long[] { 1, 1, 1, 1 }, o.ToArray<long>());

        var f = Tensor.Full(new long[] { 2, 2 }, 2.5, DType.Float64);
        Assert.Equal(new[] { 2.5, 2.5, 2.5, 2.5 }, f.ToArray<double>());

        var e = Tensor.Empty(new long[] { 3, 0 }, DType.UInt8);
        Assert.Equal(0, e.NumEl);
    }

    [Fact]
    public void ScalarIsZeroDimensional()
    {
        using var scope = TensorScope.Enter();
        var s = Tensor.Scalar(3.25, DType.Float64);
        Assert.Equal(0, s.Dim);
        Assert.Equal(3.25, s.Item());
    }

    [Fact]
    public void ArangeMatchesLoop()
    {
        using var scope = TensorScope.Enter();
        var a = Tensor.Arange(1, 2, 0.25, DType.Float64);
        Assert.Equal(new[] { 1.0, 1.25, 1.5, 1.75 }, a.ToArray<double>());
        var i = Tensor.Arange(0, 10, 3, DType.Int64);
        Assert.Equal(new long[] { 0, 3, 6, 9 }, i.ToArray<long>());
        Assert.Equal(5, Tensor.Arange(5).NumEl);
    }

    [Fact]
    public void LinspaceIncludesBothEnds()
    {
        using var scope = TensorScope.Enter();
        var l = Tensor.Linspace(-1, 1, 5, DType.Float64);
        Assert.Equal(new[] { -1.0, -0.5, 0, 0.5, 1.0 }, l.ToArray<double>());
    }

    [Fact]
    public void ManualSeedRepeatsRandomStreams()
    {
        using var scope = TensorScope.Enter();
        TorchRandom.ManualSeed(42);
        var a = Values(Tensor.Randn(100));
        var u = Values(Tensor.Rand(100));
        TorchRandom.ManualSeed(42);
        var b = Values(Tensor.Randn(100));
        var v = Values(Tensor.Rand(100));
        Assert.Equal(a, b);
        Assert.Equal(u, v);
        Assert.Equal(42, TorchRandom.InitialSeed);
        Assert.All(u, x => Assert.InRange(x, 0.0, 1.0));
        // 100 standard normal samples: the mean lies within 4 standard errors of zero.
        Assert.InRange(a.Average(), -0.4, 0.4);
    }

    [Fact]
    public void RandIntStaysInRange()
    {
        using var scope = TensorScope.Enter();
        var r = Tensor.RandInt(3, 7, new long[] { 200 });
        Assert.Equal(DType.Int64, r.DType);
        Assert.All(r.ToArray<long>(), x => Assert.InRange(x, 3, 6));
        var p = Tensor.RandPerm(10).ToArray<long>();
        Array.Sort(p);
        Assert.Equal(Enumerable.Range(0, 10).Select(x => (long)x), p);
    }

    [Fact]
    public void LikeVariantsKeepShapeAndDtype()
    {
        using var scope = TensorScope.Enter();
        var x = Tensor.Ones(new long[] { 2, 5 }, DType.Float64);
        foreach (var t in new[] { Tensor.ZerosLike(x), Tensor.OnesLike(x), Tensor.RandnLike(x), Tensor.RandLike(x), Tensor.FullLike(x, 7), Tensor.EmptyLike(x) })
        {
            Assert.Equal(x.Shape, t.Shape);
            Assert.Equal(DType.Float64, t.DType);
        }
        Assert.All(Values(Tensor.FullLike(x, 7)), v => Assert.Equal(7.0, v));
        Assert.All(Values(Tensor.ZerosLike(x)), v => Assert.Equal(0.0, v));
    }

    [Fact]
    public void RequiresGradFlagIsSet()
    {
        using var scope = TensorScope.Enter();
        Assert.True(Tensor.Zeros(new long[] { 2 }, DType.Float32, requiresGrad: true).RequiresGrad);
        Assert.False(Tensor.Zeros(2).RequiresGrad);
    }

    [Fact]
    public void AsStridedSharesStorage()
    {
        using var scope = TensorScope.Enter();
        var x = Tensor.Arange(0, 6, 1, DType.Float64);
        // A [3, 2] window with stride (1, 1): rows are overlapping pairs.
        var w = x.AsStrided(new long[] { 3, 2 }, new long[] { 1, 1 }, 1);
        Assert.Equal(new[] { 1.0, 2, 2, 3, 3, 4 }, Values(w));
        x.FillInPlace(5);
        Assert.All(Values(w), v => Assert.Equal(5.0, v));
    }

    [Fact]
    public void BadArgumentsRaiseTorchException()
    {
        using var scope = TensorScope.Enter();
        Assert.Throws<TorchException>(() => Tensor.Zeros(-1, 2));
        Assert.Throws<TorchException>(() => Tensor.Arange(0, 1, 0));
        Assert.Throws<TorchException>(() => Tensor.Zeros(new long[] { 2 }, DType.Float32, Device.CUDA(0)));
    }
}
