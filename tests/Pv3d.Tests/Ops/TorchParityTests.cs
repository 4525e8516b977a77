using Pv3d.Torch;
using static Pv3d.Tests.Ops.OpsAssert;

namespace Pv3d.Tests.Ops;

/// <summary>Ops checked against outputs of Debian's PyTorch (tests/fixtures/make_ops_fixtures.py).</summary>
public class TorchParityTests
{
    [Fact]
    public void ManualSeedReproducesPyTorchRandomStreams()
    {
        using var scope = TensorScope.Enter();
        TorchRandom.ManualSeed(1234);
        var f = Tensor.Randn(2, 5);
        Assert.Equal(OpsFixtures.Shape("seed1234_randn_float32", "out"), f.Shape);
        Close(OpsFixtures.Doubles("seed1234_randn_float32", "out"), f, 1e-7);

        TorchRandom.ManualSeed(1234);
        Close(OpsFixtures.Doubles("seed1234_randn_float64", "out"), Tensor.Randn(new long[] { 7 }, DType.Float64), 1e-15);

        const string c = "seed7_rand_then_randint_then_randperm";
        TorchRandom.ManualSeed(7);
        Close(OpsFixtures.Doubles(c, "rand"), Tensor.Rand(6), 1e-7);
        Assert.Equal(OpsFixtures.Longs(c, "randint"), Tensor.RandInt(-3, 9, new long[] { 10 }).ToArray<long>());
        Assert.Equal(OpsFixtures.Longs(c, "randperm"), Tensor.RandPerm(12).ToArray<long>());

        TorchRandom.ManualSeed(99);
        var n = Tensor.Empty(new long[] { 6 }, DType.Float64).NormalInPlace(2.0, 0.5);
        Close(OpsFixtures.Doubles("seed99_normal_inplace", "out"), n, 1e-15);
    }

    [Fact]
    public void ErfMatchesPyTorch()
    {
        using var scope = TensorScope.Enter();
        Close(OpsFixtures.Doubles("erf", "out"), OpsFixtures.Load("erf", "x").Erf(), 1e-15);
    }

    [Fact]
    public void BatchedSearchsortedMatchesPyTorch()
    {
        using var scope = TensorScope.Enter();
        const string c = "searchsorted_batched";
        var seq = OpsFixtures.Load(c, "sorted");
        var values = OpsFixtures.Load(c, "values");
        Assert.Equal(OpsFixtures.Longs(c, "left"), Tensor.Searchsorted(seq, values).ToArray<long>());
        Assert.Equal(OpsFixtures.Longs(c, "right"), Tensor.Searchsorted(seq, values, right: true).ToArray<long>());
    }

    [Fact]
    public void StableDescendingSortKeepsTieOrderLikePyTorch()
    {
        using var scope = TensorScope.Enter();
        const string c = "sort_stable_descending";
        var (values, indices) = OpsFixtures.Load(c, "x").Sort(0, descending: true, stable: true);
        Assert.Equal(OpsFixtures.Doubles(c, "values"), Values(values));
        Assert.Equal(OpsFixtures.Longs(c, "indices"), indices.ToArray<long>());
    }

    [Fact]
    public void GatherScatterAddIndexPutMatchPyTorch()
    {
        using var scope = TensorScope.Enter();
        var g = OpsFixtures.Load("gather_dim0", "x");
        Assert.Equal(OpsFixtures.Doubles("gather_dim0", "out"), Values(g.Gather(0, OpsFixtures.Load("gather_dim0", "index"))));

        const string s = "scatter_add_dim1";
        var zeros = Tensor.Zeros(new long[] { 2, 5 }, DType.Float64);
        var added = zeros.ScatterAdd(1, OpsFixtures.Load(s, "index"), OpsFixtures.Load(s, "src"));
        Assert.Equal(OpsFixtures.Doubles(s, "out"), Values(added));

        const string p = "index_put_accumulate";
        var x = OpsFixtures.Load(p, "x");
        var put = x.IndexPut(new[] { OpsFixtures.Load(p, "rows"), OpsFixtures.Load(p, "cols") }, OpsFixtures.Load(p, "values"), accumulate: true);
        Assert.Equal(OpsFixtures.Doubles(p, "out"), Values(put));
        // Out of place: the input is unchanged.
        Assert.Equal(OpsFixtures.Doubles(p, "x"), Values(x));
    }

    [Fact]
    public void InverseDeterminantSolveMatchPyTorch()
    {
        using var scope = TensorScope.Enter();
        var a = OpsFixtures.Load("linalg", "a");
        var b = OpsFixtures.Load("linalg", "b");
        Close(OpsFixtures.Doubles("linalg", "inv"), a.Inverse(), 1e-12);
        Close(OpsFixtures.Doubles("linalg", "det"), a.Det(), 1e-12);
        Close(OpsFixtures.Doubles("linalg", "solve"), a.Solve(b), 1e-12);
    }
}
