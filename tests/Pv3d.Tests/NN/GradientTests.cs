using Pv3d.Tests.Autograd;
using Pv3d.Torch;

namespace Pv3d.Tests.NN;

/// <summary>Autograd gradients of the nn functional ops against central finite differences in float64.</summary>
public class GradientTests
{
    private static Tensor V(int seed, params long[] shape) => GradCheck.Values(seed, 1.0, shape);

    [Fact]
    public void Linear() =>
        GradCheck.Check(t => Functional.Linear(t[0], t[1], t[2]), new[] { V(1, 3, 4), V(2, 5, 4), V(3, 5) });

    [Fact]
    public void Conv2dStridedDilatedGrouped() =>
        GradCheck.Check(t => Functional.Conv2d(t[0], t[1], t[2], stride: (2, 1), padding: (1, 2), dilation: (1, 2), groups: 2),
            new[] { V(4, 1, 4, 5, 6), V(5, 4, 2, 3, 3), V(6, 4) });

    [Fact]
    public void ConvTranspose2dGrouped() =>
        GradCheck.Check(t => Functional.ConvTranspose2d(t[0], t[1], t[2], stride: 2, padding: 1, outputPadding: (1, 0), groups: 2),
            new[] { V(7, 1, 4, 3, 3), V(8, 4, 1, 3, 3), V(9, 2) });

    [Fact]
    public void GridSampleBilinearWithRespectToInputAndGrid() =>
        GradCheck.Check(t => Functional.GridSample(t[0], t[1], GridSampleMode.Bilinear, GridSamplePadding.Border),
            new[] { V(10, 1, 2, 4, 5), GradCheck.Values(11, 1.1, 1, 3, 2, 2) });

    [Fact]
    public void GridSampleBilinearZerosAlignCorners() =>
        GradCheck.Check(t => Functional.GridSample(t[0], t[1], GridSampleMode.Bilinear, GridSamplePadding.Zeros, alignCorners: true),
            new[] { V(12, 2, 1, 4, 4), GradCheck.Values(13, 0.9, 2, 2, 3, 2) });

    [Theory]
    [InlineData(InterpolateMode.Bilinear, false, false, 3, 7)]
    [InlineData(InterpolateMode.Bilinear, true, false, 7, 4)]
    [InlineData(InterpolateMode.Bilinear, false, true, 3, 2)]
    [InlineData(InterpolateMode.Bilinear, false, true, 9, 8)]
    [InlineData(InterpolateMode.Bicubic, false, false, 7, 3)]
    [InlineData(InterpolateMode.Bicubic, false, true, 3, 3)]
    public void Interpolate(InterpolateMode mode, bool alignCorners, bool antialias, int height, int width) =>
        GradCheck.Check(t => Functional.Interpolate(t[0], (height, width), mode, alignCorners, antialias), new[] { V(14, 1, 2, 5, 6) });

    [Theory]
    [InlineData(PadMode.Constant)]
    [InlineData(PadMode.Reflect)]
    [InlineData(PadMode.Replicate)]
    public void Pad(PadMode mode) =>
        GradCheck.Check(t => Functional.Pad(t[0], new long[] { 2, 1, 1, 2 }, mode, 0.5), new[] { V(15, 1, 2, 3, 4) });

    [Fact]
    public void Pooling()
    {
        GradCheck.Check(t => Functional.AvgPool2d(t[0], 3, 2, 1, countIncludePad: false), new[] { V(16, 1, 2, 5, 6) });
        GradCheck.Check(t => Functional.MaxPool2d(t[0], (2, 3), 2, 1), new[] { V(17, 1, 2, 5, 6) });
        GradCheck.Check(t => Functional.AvgPool1d(t[0], 3, 2, 1), new[] { V(18, 2, 2, 7) });
        GradCheck.Check(t => Functional.MaxPool1d(t[0], 2), new[] { V(19, 2, 2, 7) });
    }

    [Fact]
    public void Upfirdn2dUpAndDown()
    {
        using var scope = TensorScope.Enter();
        var f = Functional.SetupFilter(new float[] { 1, 3, 3, 1 }).Double();
        GradCheck.Check(t => Functional.Upsample2d(t[0], f), new[] { V(20, 1, 2, 4, 3) });
        GradCheck.Check(t => Functional.Upfirdn2d(t[0], f, up: 2, down: 3, padding: (1, -1, 2, 0), gain: 2), new[] { V(21, 1, 1, 5, 4) });
    }
}
