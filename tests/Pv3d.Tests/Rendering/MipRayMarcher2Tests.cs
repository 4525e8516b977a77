using Pv3d.Rendering;
using Pv3d.Torch;
using static Pv3d.Tests.Rendering.RenderingAssert;

namespace Pv3d.Tests.Rendering;

public class MipRayMarcher2Tests
{
    private static double Softplus(double x) => Math.Log(1 + Math.Exp(x));

    /// <summary>One batch row of <paramref name="rays"/> rays with n equally spaced depths from <paramref name="near"/>.</summary>
    private static Tensor Depths(long batch, long rays, int n, double near, double step)
    {
        var d = new float[batch * rays * n];
        for (var i = 0; i < d.Length; i++) d[i] = (float)(near + step * (i % n));
        return Tensor.FromArray(d, batch, rays, n, 1);
    }

    [Fact]
    public void ConstantDensityHasAnalyticTransmittanceColourAndDepth()
    {
        using var scope = TensorScope.Enter();
        const int n = 12;
        const double near = 2.0, step = 0.1, rawSigma = 3.0;
        var colour = new float[] { 0.2f, 0.9f, 0.5f };
        var depths = Depths(1, 4, n, near, step);
        var densities = Tensor.Full(new long[] { 1, 4, n, 1 }, rawSigma);
        var colors = Tensor.FromArray(colour, 1, 1, 1, 3).Expand(1, 4, n, 3).Contiguous();
        var r = new MipRayMarcher2().Forward(colors, densities, depths, new RenderingOptions());

        var sigma = Softplus(rawSigma - 1);
        var alpha = 1 - Math.Exp(-sigma * step);
        double total = 0, depthSum = 0;
        var expectedWeights = new double[n - 1];
        for (var k = 0; k < n - 1; k++)
        {
            // Transmittance to interval k: (1 − α)^k, i.e. exp(−σ·(t_k − t_0)).
            expectedWeights[k] = alpha * Math.Pow(1 - alpha + 1e-10, k);
            total += expectedWeights[k];
            depthSum += expectedWeights[k] * (near + step * (k + 0.5));
        }
        Near(1 - Math.Exp(-sigma * step * (n - 1)), total, 1e-6, "opacity = 1 - exp(-σ L)");

        ShapeIs(r.Rgb, 1, 4, 3);
        ShapeIs(r.Depth, 1, 4, 1);
        ShapeIs(r.Weights, 1, 4, n - 1, 1);
        var rgb = Values(r.Rgb);
        for (var ray = 0; ray < 4; ray++)
        for (var c = 0; c < 3; c++)
            Near(2 * colour[c] * total - 1, rgb[ray * 3 + c], 2e-6, "rgb");
        Assert.All(Values(r.Depth), d => Near(depthSum / total, d, 2e-6, "depth"));
        var w = Values(r.Weights);
        for (var k = 0; k < n - 1; k++) Near(expectedWeights[k], w[k], 1e-6, $"w{k}");
        Assert.Equal(w, Values(new MipRayMarcher2().IntervalWeights(densities, depths, new RenderingOptions())));
        Assert.Null(r.Xyz);
        Assert.Null(r.WeightTotal);
    }

    [Fact]
    public void MidpointsAveragePairsOfSamples()
    {
        using var scope = TensorScope.Enter();
        // Two samples: one interval whose colour and density are the averages of its ends.
        var depths = Tensor.FromArray(new float[] { 1.0f, 1.5f }, 1, 1, 2, 1);
        var densities = Tensor.FromArray(new float[] { 1.0f, 3.0f }, 1, 1, 2, 1);
        var colors = Tensor.FromArray(new float[] { 0.0f, 1.0f }, 1, 1, 2, 1);
        var r = new MipRayMarcher2().Forward(colors, densities, depths, new RenderingOptions());
        var alpha = 1 - Math.Exp(-Softplus(2.0 - 1) * 0.5);
        Near(2 * 0.5 * alpha - 1, Values(r.Rgb)[0], 1e-6, "rgb");
        Near(1.25, Values(r.Depth)[0], 1e-6, "depth at the interval midpoint");
    }

    [Fact]
    public void WhiteBackgroundAddsTheMissingOpacity()
    {
        using var scope = TensorScope.Enter();
        var depths = Depths(1, 2, 6, 1, 0.2);
        var densities = Tensor.Full(new long[] { 1, 2, 6, 1 }, 0.5);
        var colors = Tensor.Full(new long[] { 1, 2, 6, 3 }, 0.25);
        var plain = new MipRayMarcher2().Forward(colors, densities, depths, new RenderingOptions());
        var white = new MipRayMarcher2().Forward(colors, densities, depths, new RenderingOptions { WhiteBack = true });
        var total = Values(plain.Weights.Sum(2));
        var (p, wb) = (Values(plain.Rgb), Values(white.Rgb));
        for (var i = 0; i < p.Length; i++) Near(p[i] + 2 * (1 - total[i / 3]), wb[i], 1e-6, "white back");
        Assert.True(total[0] < 0.9, "test needs a partly transparent ray");
    }

    [Fact]
    public void EmptyRaysTakeTheLargestDepthOfTheWholeBatch()
    {
        using var scope = TensorScope.Enter();
        // Batch row 0 spans [1, 2], row 1 spans [3, 5]: the clamp range is global, [1, 5].
        var depths = Tensor.Cat(new[] { Depths(1, 2, 5, 1, 0.25), Depths(1, 2, 5, 3, 0.5) }, 0);
        var raw = new float[2 * 2 * 5];
        for (var i = 0; i < raw.Length; i++) raw[i] = i / 5 == 1 ? -500f : 2f; // ray 1 of row 0 is empty
        var densities = Tensor.FromArray(raw, 2, 2, 5, 1);
        var colors = Tensor.Full(new long[] { 2, 2, 5, 3 }, 0.5);
        var r = new MipRayMarcher2().Forward(colors, densities, depths, new RenderingOptions());
        var d = Values(r.Depth);
        Assert.Equal(5f, d[1]);
        Assert.InRange(d[0], 1f, 2f);
        Assert.InRange(d[2], 3f, 5f);
        Assert.All(Values(r.Rgb).Skip(3).Take(3), v => Assert.Equal(-1f, v));
    }

    [Fact]
    public void ReturnDepthFillsTheLastIntervalAndCompositesPoints()
    {
        using var scope = TensorScope.Enter();
        const int n = 7;
        var depths = Depths(1, 4, n, 1, 0.3);
        var densities = Tensor.Full(new long[] { 1, 4, n, 1 }, 0.3);
        var colors = Tensor.Full(new long[] { 1, 4, n, 2 }, 0.5);
        // Points on a ray along +z from the origin: the composited point is (0, 0, expected depth + fill).
        var points = Tensor.Stack(new[] { Tensor.ZerosLike(depths), Tensor.ZerosLike(depths), depths }, 3).Reshape(1, 4, n, 3);
        var marcher = new MipRayMarcher2();
        var plain = marcher.Forward(colors, densities, depths, new RenderingOptions());
        var r = marcher.Forward(colors, densities, depths, new RenderingOptions(), returnDepth: true, sampleCoordinates: points.Reshape(1, 4 * n, 3));

        Assert.NotNull(r.Xyz);
        ShapeIs(r.Xyz!, 1, 2, 2, 3);
        ShapeIs(r.WeightTotal!, 1, 2, 2, 1);
        Assert.All(Values(r.Weights.Sum(2)), s => Near(1, s, 1e-6, "filled weights sum"));
        var total = Values(plain.Weights.Sum(2));
        Assert.Equal(total, Values(r.WeightTotal!));
        Assert.Equal(Values(plain.Rgb), Values(r.Rgb));
        Assert.Equal(Values(plain.Depth), Values(r.Depth));
        var xyz = Values(r.Xyz!);
        var lastMid = 1 + 0.3 * (n - 1.5);
        for (var m = 0; m < 4; m++)
        {
            Near(0, xyz[3 * m], 1e-7, "x");
            var expectedZ = Values(plain.Depth)[m] * total[m] + (1 - total[m]) * lastMid;
            Near(expectedZ, xyz[3 * m + 2], 1e-5, "z");
        }
    }

    [Fact]
    public void OnlySoftplusIsSupported()
    {
        using var scope = TensorScope.Enter();
        var t = Depths(1, 1, 3, 1, 1);
        Assert.Throws<Pv3dException>(() => new MipRayMarcher2().Forward(t, t, t, new RenderingOptions { ClampMode = "mipnerf" }));
    }
}
