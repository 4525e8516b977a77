namespace Pv3d.Training;

/// <summary>
/// The weights of the video GAN loss (official <c>adv_video</c> parameters). The defaults are the
/// loss class's own fallbacks; a training config normally sets <see cref="DensityReg"/> from
/// <c>model_config.pv3d.density_reg</c> and <see cref="R1Gamma"/> from <c>r1_gamma</c>.
/// </summary>
public sealed record LossWeights
{
    public double Disc { get; init; } = 1;
    public double Gen { get; init; } = 1;

    /// <summary>Multiplies the R1 term; equals the lazy interval of the Dreg phase (16).</summary>
    public double DiscReg { get; init; } = 16;

    /// <summary>Multiplies the density term; equals the lazy interval of the Greg phase (4).</summary>
    public double GenReg { get; init; } = 4;

    public double DensityReg { get; init; } = 0.25;
    public double Img { get; init; } = 1;
    public double Vid { get; init; } = 1;
    public double R1Gamma { get; init; } = 1;
}
