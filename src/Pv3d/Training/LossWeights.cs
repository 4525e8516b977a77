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

    /// <summary>
    /// Ours, not official (key <c>loss_vid_still_weight</c>; 0 turns it off): in Dmain the video discriminator also
    /// sees real pairs whose second frame is replaced by the first, labelled fake, so that it learns that videos
    /// which do not move are not real. Without it a small video discriminator separates reals from fakes by
    /// appearance alone and tells the generator nothing about motion (docs/notes/training.md §6).
    /// </summary>
    public double VidStill { get; init; }
}
