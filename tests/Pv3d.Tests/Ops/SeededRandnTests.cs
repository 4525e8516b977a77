using Pv3d.Torch;
using static Pv3d.Tests.Ops.OpsAssert;

namespace Pv3d.Tests.Ops;

/// <summary><see cref="Tensor.RandnSeeded"/>: PyTorch's stream after manual_seed, from a private generator.</summary>
public class SeededRandnTests
{
    [Fact]
    public void MatchesPyTorchAfterManualSeed()
    {
        using var scope = TensorScope.Enter();
        var f = Tensor.RandnSeeded(new long[] { 2, 5 }, 1234);
        Assert.Equal(OpsFixtures.Shape("seed1234_randn_float32", "out"), f.Shape);
        Close(OpsFixtures.Doubles("seed1234_randn_float32", "out"), f, 1e-7);
        Close(OpsFixtures.Doubles("seed1234_randn_float64", "out"), Tensor.RandnSeeded(new long[] { 7 }, 1234, DType.Float64), 1e-15);
    }

    [Fact]
    public void SameSeedSameValuesDifferentSeedDifferentValues()
    {
        using var scope = TensorScope.Enter();
        var a = Tensor.RandnSeeded(new long[] { 40 }, 5).ToArray<float>();
        Assert.Equal(a, Tensor.RandnSeeded(new long[] { 40 }, 5).ToArray<float>());
        Assert.NotEqual(a, Tensor.RandnSeeded(new long[] { 40 }, 6).ToArray<float>());
        Assert.Empty(Tensor.RandnSeeded(new long[] { 0 }, 5).Shape.Where(s => s != 0));
        Assert.Empty(Tensor.RandnSeeded(System.Array.Empty<long>(), 5).Shape);
    }
}
