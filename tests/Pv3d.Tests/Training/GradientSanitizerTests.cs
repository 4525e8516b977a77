using Pv3d.Torch;
using Pv3d.Training;

namespace Pv3d.Tests.Training;

public class GradientSanitizerTests
{
    [Fact]
    public void NonFiniteGradientEntriesAreReplacedInPlace()
    {
        using var scope = TensorScope.Enter();
        var a = Tensor.Zeros(5).SetRequiresGrad();
        var b = Tensor.Zeros(2).SetRequiresGrad();
        var untouched = Tensor.Zeros(3).SetRequiresGrad();
        a.SetGrad(Tensor.FromArray(new[] { float.NaN, float.PositiveInfinity, float.NegativeInfinity, 2.5f, -1f }, 5));
        b.SetGrad(Tensor.FromArray(new[] { 3f, float.NaN }, 2));

        GradientSanitizer.NanToNum(new[] { a, b, untouched });

        Assert.Equal(new[] { 0f, 1e5f, -1e5f, 2.5f, -1f }, a.Grad!.ToArray<float>());
        Assert.Equal(new[] { 3f, 0f }, b.Grad!.ToArray<float>());
        Assert.Null(untouched.Grad);
    }
}
