using Pv3d.Rendering;
using Pv3d.Torch;
using static Pv3d.Tests.Rendering.RenderingAssert;

namespace Pv3d.Tests.Rendering;

[Collection(GlobalRandomCollection.Name)]
public class ImportanceRendererTests
{
    /// <summary>Decoder whose density is a constant and whose colour is the mean feature (the planes' first channel).</summary>
    private static ITriplaneDecoder ConstantDensity(double sigma) => new DelegateTriplaneDecoder(features =>
    {
        var mean = features.Mean(1);                                     // [N, M, C]
        return (mean, Tensor.FullLike(mean.Slice(2, 0, 1), sigma));
    });

    private static Tensor Planes(long n, long c, long res, double value) => Tensor.Full(new[] { n, 3, c, res, res }, value);

    private static (Tensor O, Tensor D) FrontalRays(long resolution)
    {
        var c2w = Tensor.FromArray(new float[] { 1, 0, 0, 0, 0, -1, 0, 0, 0, 0, -1, 2.7f, 0, 0, 0, 1 }, 1, 4, 4);
        var k = Tensor.FromArray(new float[] { 4.2647f, 0, 0.5f, 0, 4.2647f, 0.5f, 0, 0, 1 }, 1, 3, 3);
        return new RaySampler().Forward(c2w, k, resolution);
    }

    [Theory]
    [InlineData(12, 12)]
    [InlineData(9, 5)]   // unequal counts: the official code cannot run this, ours must
    public void ConstantFieldGivesTheAnalyticOpacityOverTheWholeRay(int coarse, int fine)
    {
        using var scope = TensorScope.Enter();
        var (o, d) = FrontalRays(4);
        var opts = new RenderingOptions { DepthResolution = coarse, DepthResolutionImportance = fine, RayStart = 2.25, RayEnd = 3.3, BoxWarp = 4 };
        const double raw = 1.5, colour = 0.3;
        var r = new ImportanceRenderer().Forward(Planes(1, 2, 8, colour), ConstantDensity(raw), o, d, opts);
        ShapeIs(r.Rgb, 1, 16, 2);
        ShapeIs(r.Depth, 1, 16, 1);
        ShapeIs(r.WeightsSum, 1, 16, 1);
        // Π exp(−σδ) over every interval = exp(−σ·(ray_end − ray_start)), whatever the fine samples are.
        var opacity = 1 - Math.Exp(-Math.Log(1 + Math.Exp(raw - 1)) * (3.3 - 2.25));
        Assert.All(Values(r.WeightsSum), w => Near(opacity, w, 1e-5, "opacity"));
        Assert.All(Values(r.Rgb), v => Near(2 * colour * opacity - 1, v, 1e-5, "rgb"));
        Assert.All(Values(r.Depth), v => Assert.InRange(v, 2.25f, 3.3f));
        Assert.Null(r.Xyz);
    }

    [Fact]
    public void DeterministicModeIsRepeatableAndStochasticFollowsTheSeed()
    {
        using var scope = TensorScope.Enter();
        var (o, d) = FrontalRays(4);
        var planes = Tensor.Randn(1, 3, 4, 8, 8);
        var decoder = new DelegateTriplaneDecoder(f =>
        {
            var mean = f.Mean(1);
            return (mean.Sigmoid(), mean.Slice(2, 0, 1) * 4);
        });
        var opts = new RenderingOptions { DepthResolution = 8, DepthResolutionImportance = 8, RayStart = 2.2, RayEnd = 3.2, BoxWarp = 1.2 };
        var renderer = new ImportanceRenderer();
        TorchRandom.ManualSeed(1);
        var det1 = Values(renderer.Forward(planes, decoder, o, d, opts).Rgb);
        TorchRandom.ManualSeed(2);
        var det2 = Values(renderer.Forward(planes, decoder, o, d, opts, SamplingMode.Deterministic).Rgb);
        Assert.Equal(det1, det2);

        TorchRandom.ManualSeed(5);
        var s1 = Values(renderer.Forward(planes, decoder, o, d, opts, SamplingMode.Stochastic).Rgb);
        TorchRandom.ManualSeed(5);
        var s2 = Values(renderer.Forward(planes, decoder, o, d, opts, SamplingMode.Stochastic).Rgb);
        Assert.Equal(s1, s2);
        Assert.NotEqual(det1, s1);
    }

    [Fact]
    public void ReturnDepthGivesMapsAndUnitWeights()
    {
        using var scope = TensorScope.Enter();
        var (o, d) = FrontalRays(4);
        var opts = new RenderingOptions { DepthResolution = 6, DepthResolutionImportance = 6 };
        var r = new ImportanceRenderer().Forward(Planes(1, 3, 8, 0.5), ConstantDensity(0.5), o, d, opts, returnDepth: true);
        ShapeIs(r.Xyz!, 1, 4, 4, 3);
        ShapeIs(r.WeightTotal!, 1, 4, 4, 1);
        Assert.All(Values(r.WeightsSum), w => Near(1, w, 1e-5, "weights incl. background fill"));
        // Frontal camera at z = 2.7 looking down −z: xyz lies on the rays, between the depth limits.
        var xyz = Values(r.Xyz!);
        for (var m = 0; m < 16; m++) Assert.InRange(2.7 - xyz[3 * m + 2], 2.25 - 1e-4, 2.25 + 1.05 + 1e-4);
    }

    [Fact]
    public void CoarseOnlyRenderingWorks()
    {
        using var scope = TensorScope.Enter();
        var (o, d) = FrontalRays(2);
        var opts = new RenderingOptions { DepthResolution = 10, DepthResolutionImportance = 0, RayStart = 2, RayEnd = 3 };
        var r = new ImportanceRenderer().Forward(Planes(1, 1, 4, 0.25), ConstantDensity(2), o, d, opts, returnDepth: true);
        var opacity = 1 - Math.Exp(-Math.Log(1 + Math.Exp(1.0)) * 1.0);
        Assert.All(Values(r.WeightTotal!), w => Near(opacity, w, 1e-5, "opacity"));
    }

    [Fact]
    public void RenderingLeavesOnlyItsResultsInTheCallersScope()
    {
        using var outer = TensorScope.Enter();
        var (o, d) = FrontalRays(4);
        var planes = Planes(1, 2, 8, 0.5);
        var decoder = ConstantDensity(1);
        var renderer = new ImportanceRenderer();
        var opts = new RenderingOptions { DepthResolution = 6, DepthResolutionImportance = 6 };
        using var scope = TensorScope.Enter();
        renderer.Forward(planes, decoder, o, d, opts);
        Assert.Equal(3, scope.Count);
        renderer.Forward(planes, decoder, o, d, opts, SamplingMode.Stochastic, returnDepth: true);
        Assert.Equal(3 + 5, scope.Count);
        renderer.RunModel(planes, decoder, o, d, opts);
        Assert.Equal(3 + 5 + 2, scope.Count);
    }

    [Fact]
    public void RunModelDecodesPlaneFeaturesAtArbitraryPoints()
    {
        using var scope = TensorScope.Enter();
        var planes = Tensor.Randn(2, 3, 5, 6, 6);
        var coords = Tensor.Rand(2, 7, 3) - 0.5;
        var dirs = Tensor.Zeros(2, 7, 3);
        var opts = new RenderingOptions { BoxWarp = 1.5 };
        var decoder = new DelegateTriplaneDecoder(f => (f.Mean(1), f.Sum(1).Slice(2, 0, 1)));
        var (rgb, sigma) = new ImportanceRenderer().RunModel(planes, decoder, coords, dirs, opts);
        ShapeIs(sigma, 2, 7, 1);
        ShapeIs(rgb, 2, 7, 5);
        var features = PlaneSampling.SampleFromPlanes(PlaneSampling.PlaneAxes(), planes, coords, 1.5);
        Assert.Equal(Values(features.Mean(1)), Values(rgb));
        Assert.Equal(Values(features.Sum(1).Slice(2, 0, 1)), Values(sigma));
    }

    [Fact]
    public void DensityNoiseOnlyInStochasticMode()
    {
        using var scope = TensorScope.Enter();
        var planes = Tensor.Randn(1, 3, 2, 4, 4);
        var coords = Tensor.Rand(1, 5, 3) - 0.5;
        var opts = new RenderingOptions { DensityNoise = 0.5 };
        var decoder = new DelegateTriplaneDecoder(f => (f.Mean(1), f.Mean(1).Slice(2, 0, 1)));
        var renderer = new ImportanceRenderer();
        var clean = Values(renderer.RunModel(planes, decoder, coords, coords, opts).Sigma);
        var noisy = Values(renderer.RunModel(planes, decoder, coords, coords, opts, SamplingMode.Stochastic).Sigma);
        var clean2 = Values(renderer.RunModel(planes, decoder, coords, coords, opts with { DensityNoise = 0 }, SamplingMode.Stochastic).Sigma);
        Assert.Equal(clean, clean2);
        Assert.NotEqual(clean, noisy);
    }
}
