using Pv3d.Rendering;
using Pv3d.Torch;

namespace Pv3d.Tests.Rendering;

public class RendererGradientTests
{
    private static readonly DelegateTriplaneDecoder Decoder = new(f =>
    {
        var mean = f.Mean(1);
        return (mean.Sigmoid(), mean.Slice(2, 0, 1) * 3);
    });

    private static (Tensor O, Tensor D) Rays()
    {
        var c2w = Tensor.FromArray(new float[] { 1, 0, 0, 0.05f, 0, -1, 0, 0, 0, 0, -1, 2.7f, 0, 0, 0, 1 }, 1, 4, 4);
        var k = Tensor.FromArray(new float[] { 3f, 0, 0.5f, 0, 3f, 0.5f, 0, 0, 1 }, 1, 3, 3);
        return new RaySampler().Forward(c2w, k, 4);
    }

    private static Tensor Loss(ImportanceRenderer r, Tensor planes, RenderingOptions opts)
    {
        var (o, d) = Rays();
        var out_ = r.Forward(planes, Decoder, o, d, opts);
        return out_.Rgb.Square().Sum() + out_.Depth.Sum();
    }

    [Fact]
    public void PlaneGradientMatchesFiniteDifferencesWithFixedDepths()
    {
        using var scope = TensorScope.Enter();
        // Coarse samples only: the sample positions do not depend on the planes, so the loss is smooth in them.
        var opts = new RenderingOptions { DepthResolution = 16, DepthResolutionImportance = 0, RayStart = 2.2, RayEnd = 3.2, BoxWarp = 1.2 };
        var r = new ImportanceRenderer();
        var planes = (Tensor.Randn(1, 3, 2, 8, 8) * 0.5).SetRequiresGrad();
        var direction = Tensor.Randn(1, 3, 2, 8, 8);
        Loss(r, planes, opts).Backward();
        var analytic = (planes.Grad! * direction).Sum().Item();

        const double eps = 1e-2;
        double numeric;
        using (Pv3d.Torch.Autograd.NoGrad())
        {
            var plus = Loss(r, planes + direction * eps, opts).Item();
            var minus = Loss(r, planes - direction * eps, opts).Item();
            numeric = (plus - minus) / (2 * eps);
        }
        Assert.True(Math.Abs(analytic) > 1e-3, "the check needs a non-trivial derivative");
        Assert.True(Math.Abs(analytic - numeric) <= 2e-2 * Math.Abs(numeric) + 1e-3, $"autograd {analytic}, finite differences {numeric}");
    }

    [Fact]
    public void GradientsReachThePlanesThroughImportanceSampling()
    {
        using var scope = TensorScope.Enter();
        var opts = new RenderingOptions { DepthResolution = 8, DepthResolutionImportance = 8, BoxWarp = 1.2 };
        var planes = (Tensor.Randn(1, 3, 2, 8, 8) * 0.5).SetRequiresGrad();
        Loss(new ImportanceRenderer(), planes, opts).Backward();
        var g = RenderingAssert.Values(planes.Grad!);
        Assert.All(g, v => Assert.True(float.IsFinite(v)));
        Assert.Contains(g, v => v != 0);
    }
}
