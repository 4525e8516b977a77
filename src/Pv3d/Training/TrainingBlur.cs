using Pv3d.Torch;

namespace Pv3d.Training;

/// <summary>
/// The fading Gaussian-like blur applied to images shown to the discriminators (and to the real raw
/// images): separable taps <c>f_k = 2^(−(k/σ)²)</c> for <c>k = −⌊3σ⌋..⌊3σ⌋</c>, normalised to sum 1.
/// </summary>
public static class TrainingBlur
{
    /// <summary>The normalised 1-D taps, or null when σ is too small to blur (⌊3σ⌋ = 0).</summary>
    public static Tensor? Kernel(double sigma, DType dtype = DType.Float32, Device? device = null)
    {
        var size = TrainingSchedule.BlurSize(sigma);
        if (size <= 0) return null;
        using var scope = TensorScope.Enter();
        // Same float32 steps as official (arange, divide, square, negate, power of two, normalise).
        var exponent = (Tensor.Arange(-size, size + 1, 1, DType.Float32) / sigma).Square().Neg();
        var taps = Tensor.Pow(2, exponent);
        var f = (taps / taps.Sum()).To(dtype);
        if (device is { } d) f = f.To(d);
        return f.MoveToOuterScope();
    }

    /// <summary>Blurs images [N, C, H, W] (same size out, zero padding as filter2d), or returns them unchanged when σ is too small.</summary>
    public static Tensor Apply(Tensor images, double sigma)
    {
        using var scope = TensorScope.Enter();
        var f = Kernel(sigma, images.DType, images.Device);
        if (f is null) return images;
        return Functional.Filter2d(images, f).MoveToOuterScope();
    }
}
