using Pv3d.Torch;
using static Pv3d.Tests.Ops.OpsAssert;

namespace Pv3d.Tests.Ops;

public class InPlaceTests
{
    [Fact]
    public void UpdatesModifyStorageAndReturnThis()
    {
        using var scope = TensorScope.Enter();
        var a = OpsAssert.Sample(6, 21);
        var b = OpsAssert.Sample(6, 22).Select(v => v + 2).ToArray();
        var x = Tensor.FromArray((double[])a.Clone(), 2, 3);
        var tb = Tensor.FromArray(b, 2, 3);
        var before = scope.Count;
        var expected = (double[])a.Clone();

        Assert.Same(x, x.AddInPlace(tb, 0.5));
        for (var i = 0; i < 6; i++) expected[i] += 0.5 * b[i];
        Close(expected, x, 1e-12);

        x.AddInPlace(1).MulInPlace(tb).MulInPlace(3).DivInPlace(tb).DivInPlace(2).SubInPlace(0.25);
        for (var i = 0; i < 6; i++) expected[i] = (expected[i] + 1) * b[i] * 3 / b[i] / 2 - 0.25;
        Close(expected, x, 1e-12);

        x.AddcmulInPlace(tb, tb, 0.1);
        for (var i = 0; i < 6; i++) expected[i] += 0.1 * b[i] * b[i];
        Close(expected, x, 1e-12);

        x.AddcdivInPlace(tb, tb.Square(), -2);
        for (var i = 0; i < 6; i++) expected[i] += -2 * b[i] / (b[i] * b[i]);
        Close(expected, x, 1e-12);

        x.LerpInPlace(tb, 0.3);
        for (var i = 0; i < 6; i++) expected[i] += 0.3 * (b[i] - expected[i]);
        Close(expected, x, 1e-12);

        x.ClampInPlace(-0.5, 0.5);
        Close(expected.Select(v => Math.Clamp(v, -0.5, 0.5)).ToArray(), x, 1e-12);

        // tb.Square() above is the only new tensor: the updates themselves create none.
        Assert.Equal(before + 1, scope.Count);
    }

    [Fact]
    public void CopyZeroFill()
    {
        using var scope = TensorScope.Enter();
        var x = Tensor.Zeros(new long[] { 2, 3 }, DType.Float64);
        x.CopyFrom(Tensor.FromArray(new float[] { 1, 2, 3 }));
        Assert.Equal(new double[] { 1, 2, 3, 1, 2, 3 }, Values(x));
        x.FillInPlace(-1.5);
        Assert.All(Values(x), v => Assert.Equal(-1.5, v));
        x.ZeroInPlace();
        Assert.All(Values(x), v => Assert.Equal(0.0, v));
        Assert.Throws<TorchException>(() => x.CopyFrom(Tensor.Zeros(4)));
        Assert.Throws<TorchException>(() => x.AddInPlace(Tensor.Zeros(5)));
    }

    [Fact]
    public void InPlaceOnLeafRequiringGradIsRejectedOutsideNoGrad()
    {
        using var scope = TensorScope.Enter();
        var w = Tensor.Ones(new long[] { 3 }, DType.Float32, requiresGrad: true);
        Assert.Throws<TorchException>(() => w.MulInPlace(2));
        using (Pv3d.Torch.Autograd.NoGrad())
        {
            w.MulInPlace(2);
        }
        Assert.Equal(new double[] { 2, 2, 2 }, Values(w.Detach()));
        Assert.True(w.RequiresGrad);
    }
}
