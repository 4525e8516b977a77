namespace Pv3d.Training;

/// <summary>
/// Lazy regularisation (StyleGAN2): a regulariser evaluated every <c>interval</c> updates is weighted by
/// the interval, and the optimiser's learning rate and betas are rescaled by
/// <c>interval/(interval+1)</c> to keep the effective step comparable. PV3D's config already stores the
/// rescaled values; <see cref="AdjustAdam"/> computes them from the unscaled ones.
/// </summary>
public static class LazyRegularization
{
    /// <summary>Greg (density) interval.</summary>
    public const int GeneratorInterval = 4;

    /// <summary>Dreg (R1) interval.</summary>
    public const int DiscriminatorInterval = 16;

    public static bool IsGeneratorRegStep(long numUpdates) => numUpdates % GeneratorInterval == 0;

    public static bool IsDiscriminatorRegStep(long numUpdates) => numUpdates % DiscriminatorInterval == 0;

    /// <summary><c>lr·r</c> and <c>β^r</c> with <c>r = interval/(interval+1)</c>.</summary>
    public static (double Lr, double Beta1, double Beta2) AdjustAdam(double lr, double beta1, double beta2, int interval)
    {
        if (interval <= 0) throw new ArgumentOutOfRangeException(nameof(interval), interval, "a lazy interval is at least 1");
        var ratio = interval / (interval + 1.0);
        return (lr * ratio, Math.Pow(beta1, ratio), Math.Pow(beta2, ratio));
    }
}
