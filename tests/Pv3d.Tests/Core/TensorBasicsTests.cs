using Pv3d.Torch;

namespace Pv3d.Tests.Core;

public class TensorBasicsTests
{
    [Fact]
    public void RoundTripsFloatArrayWithShape()
    {
        var data = new float[] { 1, 2, 3, 4, 5, 6 };
        using var t = Tensor.FromArray(data, 2, 3);
        Assert.Equal(new long[] { 2, 3 }, t.Shape);
        Assert.Equal(DType.Float32, t.DType);
        Assert.Equal(Device.CPU, t.Device with { Index = -1 });
        Assert.Equal(data, t.ToArray<float>());
    }

    [Fact]
    public void ScopeDisposesTensorsNotMovedOut()
    {
        Tensor kept, dropped;
        using (var outer = TensorScope.Enter())
        {
            using (TensorScope.Enter())
            {
                dropped = Tensor.FromArray(new double[] { 1, 2 });
                kept = Tensor.FromArray(new double[] { 3, 4 }).MoveToOuterScope();
            }
            Assert.True(dropped.IsDisposed);
            Assert.False(kept.IsDisposed);
            Assert.Equal(1, outer.Count);
        }
        Assert.True(kept.IsDisposed);
    }

    [Fact]
    public void NativeErrorBecomesManagedException()
    {
        using var t = Tensor.FromArray(new float[] { 1, 2, 3 });
        var e = Assert.Throws<TorchException>(() => t.To(new Device(DeviceType.CUDA, 0)));
        Assert.False(string.IsNullOrWhiteSpace(e.Message));
    }

    [Fact]
    public void AsSpanWritesThroughWithoutCopy()
    {
        using var t = Tensor.FromArray(new float[] { 1, 2, 3, 4 }, 2, 2);
        var span = t.AsSpan<float>();
        span[3] = 42;
        Assert.Equal(new float[] { 1, 2, 3, 42 }, t.ToArray<float>());
        Assert.Throws<InvalidOperationException>(() => t.AsSpan<double>());
    }

    [Fact]
    public void RoundTripsOtherDtypes()
    {
        using var d = Tensor.FromArray(new double[] { 1.5, -2.25 });
        Assert.Equal(DType.Float64, d.DType);
        Assert.Equal(new[] { 1.5, -2.25 }, d.ToArray<double>());
        using var l = Tensor.FromArray(new long[] { long.MaxValue, -7 });
        Assert.Equal(new[] { long.MaxValue, -7L }, l.ToArray<long>());
        using var u = Tensor.FromArray(new byte[] { 0, 255 });
        Assert.Equal(new byte[] { 0, 255 }, u.ToArray<byte>());
        using var b = Tensor.FromArray(new[] { true, false, true });
        Assert.Equal(DType.Bool, b.DType);
        Assert.Equal(new byte[] { 1, 0, 1 }, b.ToArray<byte>());
    }

    [Fact]
    public void FromArrayRejectsWrongElementCount()
    {
        Assert.Throws<ArgumentException>(() => Tensor.FromArray(new float[] { 1, 2, 3 }, 2, 2));
    }
}
