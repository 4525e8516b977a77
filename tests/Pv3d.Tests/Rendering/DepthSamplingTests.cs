using Pv3d.Rendering;
using Pv3d.Torch;
using static Pv3d.Tests.Rendering.RenderingAssert;

namespace Pv3d.Tests.Rendering;

[Collection(GlobalRandomCollection.Name)]
public class DepthSamplingTests
{
    private static (Tensor O, Tensor D) Rays(long n, long m)
    {
        var o = Tensor.Zeros(n, m, 3);
        var d = Tensor.FromArray(new float[] { 0, 0, 1 }, 1, 1, 3).Expand(n, m, 3).Contiguous();
        return (o, d);
    }

    [Fact]
    public void DeterministicCoarseDepthsAreTheExactLinspace()
    {
        using var scope = TensorScope.Enter();
        var (o, d) = Rays(2, 3);
        var opts = new RenderingOptions { DepthResolution = 7, RayStart = 2.25, RayEnd = 3.3 };
        var depths = DepthSampling.SampleStratified(o, d, opts, jitter: false);
        ShapeIs(depths, 2, 3, 7, 1);
        var v = Values(depths);
        for (var i = 0; i < v.Length; i++)
        {
            var k = i % 7;
            Near(2.25 + k * (3.3 - 2.25) / 6, v[i], 1e-6, $"t{k}");
        }
        Assert.Equal(2.25f, v[0]);
        Assert.Equal(3.3f, v[6]);
    }

    [Fact]
    public void JitterStaysWithinEachIntervalAndFollowsTheSeed()
    {
        using var scope = TensorScope.Enter();
        var (o, d) = Rays(2, 50);
        var opts = new RenderingOptions { DepthResolution = 5, RayStart = 1, RayEnd = 2 };
        TorchRandom.ManualSeed(7);
        var a = Values(DepthSampling.SampleStratified(o, d, opts, jitter: true));
        TorchRandom.ManualSeed(7);
        var b = Values(DepthSampling.SampleStratified(o, d, opts, jitter: true));
        Assert.Equal(a, b);
        var offsets = new List<double>();
        for (var i = 0; i < a.Length; i++)
        {
            var t = 1 + 0.25 * (i % 5);
            Assert.InRange(a[i], t, t + 0.25);
            offsets.Add(a[i] - t);
        }
        Assert.InRange(offsets.Average(), 0.1, 0.15); // U[0, 0.25) has mean 0.125
    }

    [Fact]
    public void DisparitySamplingIsUniformInInverseDepth()
    {
        using var scope = TensorScope.Enter();
        var (o, d) = Rays(1, 1);
        var opts = new RenderingOptions { DepthResolution = 5, RayStart = 1, RayEnd = 4, DisparitySpaceSampling = true };
        var v = Values(DepthSampling.SampleStratified(o, d, opts, jitter: false));
        for (var k = 0; k < 5; k++)
        {
            var s = k / 4.0;
            Near(1 / ((1 - s) / 1.0 + s / 4.0), v[k], 1e-5, $"t{k}");
        }
    }

    [Fact]
    public void AutoLimitsSpanTheBoxAlongTheRay()
    {
        using var scope = TensorScope.Enter();
        // Ray 0 enters the unit box (side 1) at z = -0.5 and leaves at 0.5; ray 1 misses it.
        var o = Tensor.FromArray(new float[] { 0, 0, -3, 2, 2, -3 }, 1, 2, 3);
        var d = Tensor.FromArray(new float[] { 0, 0, 1, 0, 0, 1 }, 1, 2, 3);
        var (start, end) = RayLimits.IntersectBox(o, d, 1);
        Assert.Equal(new float[] { 2.5f, -1f }, Values(start));
        Assert.Equal(new float[] { 3.5f, -2f }, Values(end));

        var opts = new RenderingOptions { DepthResolution = 3, RayStart = null, RayEnd = null };
        var v = Values(DepthSampling.SampleStratified(o, d, opts, jitter: false));
        Assert.Equal(new float[] { 2.5f, 3f, 3.5f, 2.5f, 2.5f, 2.5f }, v); // the miss collapses onto the valid start
    }

    [Fact]
    public void SamplePdfWithOneHotWeightStaysInThatBin()
    {
        using var scope = TensorScope.Enter();
        var bins = Tensor.FromArray(new float[] { 0, 1, 2, 3, 4, 5 }, 1, 6);
        var weights = Tensor.FromArray(new float[] { 0, 0, 1, 0, 0 }, 1, 5);
        const int count = 9;
        var det = Values(DepthSampling.SamplePdf(bins, weights, count, deterministic: true));
        // cdf ≈ [0, e, 2e, 1 − 2e, 1 − e, 1] with e = 1e-5 / (1 + 5e-5): inside the hot bin t = 2 + (u − 2e)/(1 − 4e).
        var e = 1e-5 / (1 + 5e-5);
        for (var i = 1; i < count - 1; i++)
            Near(2 + (i / 8.0 - 2 * e) / (1 - 4 * e), det[i], 1e-5, $"sample {i}");
        Near(0, det[0], 1e-6, "u = 0 maps to the first edge");
        Near(5, det[count - 1], 1e-4, "u = 1 maps to the last edge");

        TorchRandom.ManualSeed(3);
        var random = Values(DepthSampling.SamplePdf(bins.Expand(200, 6).Contiguous(), weights.Expand(200, 5).Contiguous(), count, deterministic: false));
        Assert.True(random.Count(t => t is >= 2 and <= 3) >= random.Length * 0.99, "almost all random samples fall in the hot bin");
    }

    [Fact]
    public void SamplePdfUniformWeightsInvertALinearCdf()
    {
        using var scope = TensorScope.Enter();
        var bins = Tensor.FromArray(new float[] { 1, 1.5f, 2, 2.5f, 3 }, 1, 5);
        var weights = Tensor.Ones(1, 4);
        var v = Values(DepthSampling.SamplePdf(bins, weights, 5, deterministic: true));
        for (var i = 0; i < 5; i++) Near(1 + 2 * i / 4.0, v[i], 1e-5, $"sample {i}");
    }

    [Fact]
    public void ImportanceSamplesFollowTheSmoothedCoarseWeights()
    {
        using var scope = TensorScope.Enter();
        const int s = 10;
        var depths = Tensor.Linspace(0, 9, s).Reshape(1, 1, s, 1);
        var w = new float[s - 1];
        w[5] = 1; // all coarse weight in interval 5 → max-pool then mean spreads it over midpoint bins 4..6
        var weights = Tensor.FromArray(w, 1, 1, s - 1, 1);
        var fine = Values(DepthSampling.SampleImportance(depths, weights, 16, deterministic: true));
        Assert.Equal(16, fine.Length);
        for (var i = 1; i < 16; i++) Assert.True(fine[i] >= fine[i - 1], "deterministic samples are sorted");
        Assert.True(fine.Count(t => t is >= 3.5f and <= 6.5f) >= 14, "most samples lie where the weight is");
        Assert.InRange(fine[0], 0.5f, 0.5f);   // first edge: midpoint of t0 and t1
        Assert.InRange(fine[15], 7.5f, 7.5f);  // last reachable edge: midpoint of t7 and t8 (bins[S−3])
    }
}
