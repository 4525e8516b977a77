using Pv3d.Torch;

namespace Pv3d.Tests.NN;

/// <summary>Shape and option mistakes surface as TorchException with libtorch's explanation, never a crash.</summary>
public class BadArgumentTests
{
    private static Tensor Filled(params long[] shape)
    {
        var n = shape.Aggregate(1L, (a, b) => a * b);
        return Tensor.FromArray(Enumerable.Range(0, (int)n).Select(i => (float)Math.Sin(i)).ToArray(), shape);
    }

    [Fact]
    public void Conv2dWithWrongChannelCountThrows()
    {
        using var scope = TensorScope.Enter();
        var e = Assert.Throws<TorchException>(() => Functional.Conv2d(Filled(1, 3, 5, 5), Filled(4, 2, 3, 3)));
        Assert.Contains("channels", e.Message);
    }

    [Fact]
    public void ConvTranspose2dWithWrongChannelCountThrows()
    {
        using var scope = TensorScope.Enter();
        Assert.Throws<TorchException>(() => Functional.ConvTranspose2d(Filled(1, 3, 5, 5), Filled(4, 2, 3, 3)));
    }

    [Fact]
    public void LinearWithMismatchedFeaturesThrows()
    {
        using var scope = TensorScope.Enter();
        Assert.Throws<TorchException>(() => Functional.Linear(Filled(2, 3), Filled(4, 5)));
    }

    [Fact]
    public void GridSampleWithWrongGridShapeThrows()
    {
        using var scope = TensorScope.Enter();
        Assert.Throws<TorchException>(() => Functional.GridSample(Filled(1, 2, 4, 4), Filled(1, 3, 3, 3)));
    }

    [Fact]
    public void AntialiasNeedsALinearMode()
    {
        using var scope = TensorScope.Enter();
        var e = Assert.Throws<TorchException>(() => Functional.Interpolate(Filled(1, 1, 8, 8), 4, InterpolateMode.Nearest, antialias: true));
        Assert.Contains("antialias", e.Message);
    }

    [Fact]
    public void ReflectPadWiderThanTheInputThrows()
    {
        using var scope = TensorScope.Enter();
        Assert.Throws<TorchException>(() => Functional.Pad(Filled(1, 1, 3, 3), new long[] { 3, 3, 0, 0 }, PadMode.Reflect));
    }

    [Fact]
    public void Upfirdn2dRejectsNon4DInputAndFiltersLargerThanTheImage()
    {
        using var scope = TensorScope.Enter();
        var f = Functional.SetupFilter(new float[] { 1, 3, 3, 1 });
        Assert.Throws<TorchException>(() => Functional.Upfirdn2d(Filled(2, 5, 5), f));
        Assert.Throws<TorchException>(() => Functional.Upfirdn2d(Filled(1, 1, 2, 2), f));
    }

    [Fact]
    public void UsingADisposedTensorThrowsObjectDisposed()
    {
        var x = Filled(1, 1, 4, 4);
        x.Dispose();
        Assert.Throws<ObjectDisposedException>(() => Functional.AvgPool2d(x, 2));
    }
}
