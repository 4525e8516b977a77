using Pv3d.Torch;

namespace Pv3d.Metrics;

/// <summary>
/// Image similarity on tensors [N, 3, H, W] with values in [0, 1] (data range 1), differentiable where used as a loss:
/// PSNR, SSIM (Wang et al. 2004: 11-tap Gaussian window, σ 1.5, K1 0.01, K2 0.03, valid convolution, as
/// <c>skimage.metrics.structural_similarity(gaussian_weights=True, use_sample_covariance=False)</c> and pytorch-msssim)
/// and multi-scale SSIM (Wang et al. 2003: contrast-structure terms at every scale and the full SSIM at the coarsest,
/// 2× average-pool between scales, weights 0.0448, 0.2856, 0.3001, 0.2363, 0.1333). Small images use only the scales at
/// which the window still fits (the first weights, renormalised): 2 scales at 32², 3 at 64², 5 from 176² up.
/// </summary>
public static class ImageSimilarity
{
    public const int Window = 11;
    public const double Sigma = 1.5;
    private const double C1 = 0.01 * 0.01;
    private const double C2 = 0.03 * 0.03;
    private static readonly double[] ScaleWeights = { 0.0448, 0.2856, 0.3001, 0.2363, 0.1333 };

    /// <summary>Peak signal-to-noise ratio in dB per image [N] (data range 1).</summary>
    public static Tensor Psnr(Tensor a, Tensor b)
    {
        using var scope = TensorScope.Enter();
        var mse = (a - b).Square().Flatten(1).Mean(1);
        return (mse.ClampMin(1e-12).Log() * (-10 / Math.Log(10))).MoveToOuterScope();
    }

    /// <summary>Mean SSIM per image [N].</summary>
    public static Tensor Ssim(Tensor a, Tensor b)
    {
        using var scope = TensorScope.Enter();
        var (ssim, _) = SsimMaps(a, b, Math.Min(Window, (int)Math.Min(a.Size(2), a.Size(3))));
        return ssim.Flatten(1).Mean(1).MoveToOuterScope();
    }

    /// <summary>Multi-scale SSIM per image [N] (see the class summary for small images).</summary>
    public static Tensor MsSsim(Tensor a, Tensor b)
    {
        using var scope = TensorScope.Enter();
        var side = Math.Min(a.Size(2), a.Size(3));
        var levels = 1;
        while (levels < ScaleWeights.Length && side >> levels >= Window) levels++;
        var window = (int)Math.Min(Window, side);
        var total = ScaleWeights.Take(levels).Sum();
        Tensor? result = null;
        for (var level = 0; level < levels; level++)
        {
            var (ssim, cs) = SsimMaps(a, b, window);
            var term = level == levels - 1 ? ssim : cs;
            // Negative means (anti-correlated images) would make fractional powers undefined; clamp as pytorch-msssim's relu.
            var factor = term.Flatten(1).Mean(1).ClampMin(1e-6).Pow(ScaleWeights[level] / total);
            result = result is null ? factor : result * factor;
            if (level < levels - 1)
            {
                a = Functional.AvgPool2d(a, 2);
                b = Functional.AvgPool2d(b, 2);
            }
        }
        return result!.MoveToOuterScope();
    }

    /// <summary>SSIM and contrast-structure maps [N, C, H − w + 1, W − w + 1].</summary>
    private static (Tensor Ssim, Tensor Cs) SsimMaps(Tensor a, Tensor b, int window)
    {
        var channels = a.Size(1);
        var g = Gaussian(window).To(a.Device);
        var horizontal = g.View(1, 1, 1, window).Expand(channels, 1, 1, window).Contiguous();
        var vertical = g.View(1, 1, window, 1).Expand(channels, 1, window, 1).Contiguous();
        Tensor Blur(Tensor x) => Functional.Conv2d(Functional.Conv2d(x, horizontal, groups: channels), vertical, groups: channels);
        var muA = Blur(a);
        var muB = Blur(b);
        var varA = Blur(a * a) - muA * muA;
        var varB = Blur(b * b) - muB * muB;
        var cov = Blur(a * b) - muA * muB;
        var cs = (cov * 2 + C2) / (varA + varB + C2);
        var luminance = (muA * muB * 2 + C1) / (muA * muA + muB * muB + C1);
        return (luminance * cs, cs);
    }

    private static Tensor Gaussian(int window)
    {
        var values = new float[window];
        double sum = 0;
        for (var i = 0; i < window; i++)
        {
            var x = i - (window - 1) / 2.0;
            values[i] = (float)Math.Exp(-x * x / (2 * Sigma * Sigma));
            sum += values[i];
        }
        for (var i = 0; i < window; i++) values[i] = (float)(values[i] / sum);
        return Tensor.FromArray(values, window);
    }
}
