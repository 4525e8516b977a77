using Pv3d.Torch;
using static Pv3d.Tests.Ops.OpsAssert;

namespace Pv3d.Tests.Ops;

public class LinalgTests
{
    private static double[] NaiveMatmul(double[] a, double[] b, int n, int k, int m, int batch = 1)
    {
        var c = new double[batch * n * m];
        for (var z = 0; z < batch; z++)
            for (var i = 0; i < n; i++)
                for (var j = 0; j < m; j++)
                {
                    double s = 0;
                    for (var p = 0; p < k; p++) s += a[z * n * k + i * k + p] * b[z * k * m + p * m + j];
                    c[z * n * m + i * m + j] = s;
                }
        return c;
    }

    [Fact]
    public void MatmulMmBmmMatchNaiveLoops()
    {
        using var scope = TensorScope.Enter();
        var a = OpsAssert.Sample(2 * 3 * 5, 11);
        var b = OpsAssert.Sample(2 * 5 * 4, 12);
        var ta = Tensor.FromArray(a, 2, 3, 5);
        var tb = Tensor.FromArray(b, 2, 5, 4);
        var expected = NaiveMatmul(a, b, 3, 5, 4, batch: 2);
        Close(expected, ta.Bmm(tb), 1e-12);
        Close(expected, ta.Matmul(tb), 1e-12);
        Close(expected.Take(12).ToArray(), ta.Select(0, 0).Mm(tb.Select(0, 0)), 1e-12);
        Assert.Equal(new long[] { 2, 3, 4 }, ta.Matmul(tb).Shape);

        // float32 goes through BLAS sgemm: agreement to single precision.
        var fa = Tensor.FromArray(a.Select(v => (float)v).ToArray(), 6, 5);
        var fb = Tensor.FromArray(b.Take(20).Select(v => (float)v).ToArray(), 5, 4);
        Close(NaiveMatmul(a.Select(v => (double)(float)v).ToArray(), b.Take(20).Select(v => (double)(float)v).ToArray(), 6, 5, 4), fa.Matmul(fb), 1e-5);
    }

    [Fact]
    public void MatmulBroadcastsAndHandlesVectors()
    {
        using var scope = TensorScope.Enter();
        var m = Tensor.FromArray(new double[] { 1, 2, 3, 4, 5, 6 }, 2, 3);
        var v = Tensor.FromArray(new double[] { 1, 0, -1 });
        var mv = m.Matmul(v);
        Assert.Equal(new long[] { 2 }, mv.Shape);
        Assert.Equal(new double[] { -2, -2 }, Values(mv));
        var batch = Tensor.Ones(new long[] { 4, 3, 2 }, DType.Float64);
        Assert.Equal(new long[] { 4, 2, 2 }, m.Matmul(batch).Shape);
        var outer = Tensor.FromArray(new double[] { 1, 2, 3 }).Outer(Tensor.FromArray(new double[] { 1, 4 }));
        Assert.Equal(new long[] { 3, 2 }, outer.Shape);
        Assert.Equal(new double[] { 1, 4, 2, 8, 3, 12 }, Values(outer));
    }

    [Fact]
    public void BadShapesRaiseTorchException()
    {
        using var scope = TensorScope.Enter();
        var a = Tensor.Zeros(2, 3);
        var b = Tensor.Zeros(4, 5);
        Assert.Throws<TorchException>(() => a.Matmul(b));
        Assert.Throws<TorchException>(() => a.Mm(b));
        Assert.Throws<TorchException>(() => a.Bmm(b));
        Assert.Throws<TorchException>(() => a.Inverse());
        Assert.Throws<TorchException>(() => Tensor.Addmm(Tensor.Zeros(2, 5), a, b));
        Assert.Throws<TorchException>(() => Tensor.Zeros(2, 2).Inverse());
    }

    [Fact]
    public void AddmmAndBaddbmmCombineLinearly()
    {
        using var scope = TensorScope.Enter();
        var a = OpsAssert.Sample(6, 13);
        var b = OpsAssert.Sample(12, 14);
        var bias = OpsAssert.Sample(8, 15);
        var prod = NaiveMatmul(a, b, 2, 3, 4);
        var expected = prod.Select((p, i) => 0.5 * bias[i] + 2 * p).ToArray();
        var t = Tensor.Addmm(Tensor.FromArray(bias, 2, 4), Tensor.FromArray(a, 2, 3), Tensor.FromArray(b, 3, 4), beta: 0.5, alpha: 2);
        Close(expected, t, 1e-12);
        var tb = Tensor.Baddbmm(Tensor.FromArray(bias, 1, 2, 4), Tensor.FromArray(a, 1, 2, 3), Tensor.FromArray(b, 1, 3, 4), beta: 0.5, alpha: 2);
        Close(expected, tb, 1e-12);
    }

    [Fact]
    public void InverseTimesMatrixIsIdentityForABatch()
    {
        using var scope = TensorScope.Enter();
        // Diagonally dominant 4x4 matrices are well conditioned.
        var m = Tensor.FromArray(OpsAssert.Sample(3 * 16, 16), 3, 4, 4) + Tensor.Ones(new long[] { 4 }, DType.Float64).Diag4() * 5;
        var product = m.Inverse().Matmul(m);
        var eye = new double[3 * 16];
        for (var z = 0; z < 3; z++) for (var i = 0; i < 4; i++) eye[z * 16 + i * 5] = 1;
        Close(eye, product, 1e-12);
    }

    [Fact]
    public void CrossProductOfBasisVectors()
    {
        using var scope = TensorScope.Enter();
        var x = Tensor.FromArray(new double[] { 1, 0, 0, 0, 1, 0 }, 2, 3);
        var y = Tensor.FromArray(new double[] { 0, 1, 0, 0, 0, 1 }, 2, 3);
        Assert.Equal(new double[] { 0, 0, 1, 1, 0, 0 }, Values(x.Cross(y)));
        var a = new double[] { 1, 2, 3 };
        var b = new double[] { -4, 5, 0.5 };
        var c = Tensor.FromArray(a).Cross(Tensor.FromArray(b), 0);
        Close(new[] { a[1] * b[2] - a[2] * b[1], a[2] * b[0] - a[0] * b[2], a[0] * b[1] - a[1] * b[0] }, c, 1e-12);
    }
}

internal static class LinalgTestExtensions
{
    /// <summary>A [4, 4] diagonal matrix with this 4-vector on the diagonal (built from shape ops).</summary>
    public static Tensor Diag4(this Tensor v)
    {
        var z = Tensor.Zeros(new long[] { 4, 4 }, v.DType);
        return z.Scatter(1, Tensor.Arange(0, 4, 1, DType.Int64).Unsqueeze(1), v.Unsqueeze(1));
    }
}
