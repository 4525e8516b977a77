using Pv3d.Torch;
using static Pv3d.Tests.Ops.OpsAssert;

namespace Pv3d.Tests.Ops;

public class ReductionTests
{
    [Fact]
    public void SumAndMeanOfArangeHaveClosedForms()
    {
        using var scope = TensorScope.Enter();
        const int n = 1000;
        var a = Tensor.Arange(0, n, 1, DType.Float64);
        Close(n * (n - 1) / 2.0, a.Sum(), 1e-12);
        Close((n - 1) / 2.0, a.Mean(), 1e-12);
        var ints = Tensor.Arange(0, n, 1, DType.Int64);
        var s = ints.Sum();
        Assert.Equal(DType.Int64, s.DType);
        Assert.Equal(n * (n - 1L) / 2, s.ToArray<long>()[0]);
    }

    [Fact]
    public void DimReductionsMatchLoops()
    {
        using var scope = TensorScope.Enter();
        // x[i, j, k] = 100 i + 10 j + k, shape [2, 3, 4]
        var x = Tensor.Arange(0, 24, 1, DType.Float64).View(2, 3, 4);
        var data = Values(x);
        double At(int i, int j, int k) => data[i * 12 + j * 4 + k];

        var s1 = x.Sum(1);
        Assert.Equal(new long[] { 2, 4 }, s1.Shape);
        var expected = new double[8];
        for (var i = 0; i < 2; i++) for (var k = 0; k < 4; k++) for (var j = 0; j < 3; j++) expected[i * 4 + k] += At(i, j, k);
        Close(expected, s1, 1e-12);

        var keep = x.Sum(new[] { 0, 2 }, keepDim: true);
        Assert.Equal(new long[] { 1, 3, 1 }, keep.Shape);
        var e2 = new double[3];
        for (var i = 0; i < 2; i++) for (var j = 0; j < 3; j++) for (var k = 0; k < 4; k++) e2[j] += At(i, j, k);
        Close(e2, keep, 1e-12);

        Close(e2.Select(v => v / 8).ToArray(), x.Mean(new[] { 0, -1 }), 1e-12);
        Assert.Equal(new long[] { 2, 3 }, x.Mean(-1).Shape);
    }

    [Fact]
    public void StdAndVarMatchTwoPassFormulas()
    {
        using var scope = TensorScope.Enter();
        var data = OpsAssert.Sample(50, 3);
        var mean = data.Average();
        var ss = data.Sum(v => (v - mean) * (v - mean));
        var t = Tensor.FromArray(data);
        Close(ss / 49, t.Var(), 1e-12);
        Close(ss / 50, t.Var(unbiased: false), 1e-12);
        Close(Math.Sqrt(ss / 49), t.Std(), 1e-12);
        var m = t.View(5, 10);
        var rowStd = new double[5];
        for (var r = 0; r < 5; r++)
        {
            var row = data.Skip(r * 10).Take(10).ToArray();
            var mu = row.Average();
            rowStd[r] = Math.Sqrt(row.Sum(v => (v - mu) * (v - mu)) / 10);
        }
        Close(rowStd, m.Std(1, unbiased: false), 1e-12);
        Assert.Equal(new long[] { 5, 1 }, m.Var(new[] { 1 }, keepDim: true).Shape);
    }

    [Fact]
    public void NormsMatchDefinitions()
    {
        using var scope = TensorScope.Enter();
        var data = new double[] { 3, -4, 12, 0 };
        var t = Tensor.FromArray(data);
        Close(13, t.Norm(), 1e-12);
        Close(19, t.Norm(1), 1e-12);
        Close(12, t.Norm(double.PositiveInfinity), 1e-12);
        Close(new double[] { 5, 12 }, t.View(2, 2).Norm(2, 1), 1e-12);
    }

    [Fact]
    public void MaxMinArgmaxWithIndices()
    {
        using var scope = TensorScope.Enter();
        var data = new double[] { 3, 9, 1, 7, -2, 8 };
        var t = Tensor.FromArray(data, 2, 3);
        Close(9, t.Max(), 0);
        Close(-2, t.Min(), 0);
        Assert.Equal(1, t.Argmax().ToArray<long>()[0]);
        Assert.Equal(4, t.Argmin().ToArray<long>()[0]);
        var (values, indices) = t.Max(1);
        Close(new double[] { 9, 8 }, values, 0);
        Assert.Equal(new long[] { 1, 2 }, indices.ToArray<long>());
        var (mv, mi) = t.Min(0, keepDim: true);
        Assert.Equal(new long[] { 1, 3 }, mv.Shape);
        Close(new double[] { 3, -2, 1 }, mv, 0);
        Assert.Equal(new long[] { 0, 1, 0 }, mi.ToArray<long>());
        Close(new double[] { 7, 9, 8 }, t.Amax(0), 0);
        Close(new double[] { 1, -2 }, t.Amin(new[] { 1 }), 0);
        Assert.Equal(new long[] { 1, 0 }, t.Argmax(0).ToArray<long>().Take(2));
        Assert.Throws<TorchException>(() => t.Max(5));
    }

    [Fact]
    public void ProdAnyAllLogsumexp()
    {
        using var scope = TensorScope.Enter();
        var t = Tensor.FromArray(new double[] { 1, 2, 3, 4 }, 2, 2);
        Close(24, t.Prod(), 0);
        Close(new double[] { 3, 8 }, t.Prod(0), 0);
        Close(new[] { Math.Log(Math.Exp(1) + Math.Exp(2)), Math.Log(Math.Exp(3) + Math.Exp(4)) }, t.Logsumexp(1), 1e-12);
        Assert.True(t.Gt(3).Any().Item() != 0);
        Assert.False(t.Gt(3).All().Item() != 0);
    }
}
