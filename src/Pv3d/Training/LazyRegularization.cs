namespace Pv3d.Training;

/// <summary>
/// Lazy regularisation (StyleGAN2): a regulariser is evaluated only every <c>interval</c> updates (and weighted by
/// the interval, see <see cref="LossWeights"/>). The official config stores Adam settings already rescaled for it
/// (<c>lr·r</c>, <c>β^r</c>, <c>r = interval/(interval+1)</c>: <see cref="AdamSettings"/>), so nothing rescales here.
/// </summary>
public static class LazyRegularization
{
    /// <summary>Greg (density) interval, <c>training.gen_reg_interval</c>.</summary>
    public const int GeneratorInterval = 4;

    /// <summary>Dreg (R1) interval, <c>training.disc_reg_interval</c>.</summary>
    public const int DiscriminatorInterval = 16;

    /// <summary>
    /// Whether the update after <paramref name="numUpdates"/> done runs the regulariser of <paramref name="interval"/>;
    /// an interval of 0 (or less) turns it off.
    /// </summary>
    public static bool IsRegStep(long numUpdates, int interval) => interval > 0 && numUpdates % interval == 0;
}
