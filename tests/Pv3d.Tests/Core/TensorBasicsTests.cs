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
}
