using Pv3d.Torch;

namespace Pv3d.Training;

/// <summary>
/// The non-saturating logistic GAN loss of the four training phases, for an image and a video
/// discriminator: each term is a mean over its rows, and a phase's loss is the video part plus the
/// image part. Gradients flow through every argument that requires them.
/// </summary>
public sealed class AdversarialLoss
{
    public AdversarialLoss(LossWeights? weights = null) => Weights = weights ?? new LossWeights();

    public LossWeights Weights { get; }

    /// <summary>softplus(−logits), averaged: the generator wants the discriminator to say "real".</summary>
    public static Tensor GeneratorTerm(Tensor fakeLogits)
    {
        using var scope = TensorScope.Enter();
        return fakeLogits.Neg().Softplus().Mean().MoveToOuterScope();
    }

    /// <summary>softplus(fake) + softplus(−real), each averaged over its own rows.</summary>
    public static Tensor DiscriminatorTerm(Tensor fakeLogits, Tensor realLogits)
    {
        using var scope = TensorScope.Enter();
        var fake = fakeLogits.Softplus().Mean();
        var real = realLogits.Neg().Softplus().Mean();
        return (fake + real).MoveToOuterScope();
    }

    /// <summary>Gmain: the generator's adversarial loss on fake frames (image D) and fake frame pairs (video D).</summary>
    public Tensor GeneratorMain(Tensor fakeImgLogits, Tensor fakeVidLogits)
    {
        using var scope = TensorScope.Enter();
        var vid = GeneratorTerm(fakeVidLogits) * (Weights.Vid * Weights.Gen);
        var img = GeneratorTerm(fakeImgLogits) * (Weights.Img * Weights.Gen);
        return (vid + img).MoveToOuterScope();
    }

    /// <summary>Dmain: both discriminators' loss on fakes and reals.</summary>
    public Tensor DiscriminatorMain(Tensor fakeImgLogits, Tensor realImgLogits, Tensor fakeVidLogits, Tensor realVidLogits)
    {
        using var scope = TensorScope.Enter();
        var vid = DiscriminatorTerm(fakeVidLogits, realVidLogits) * (Weights.Vid * Weights.Disc);
        var img = DiscriminatorTerm(fakeImgLogits, realImgLogits) * (Weights.Img * Weights.Disc);
        return (vid + img).MoveToOuterScope();
    }

    /// <summary>
    /// Dmain's still-video term (see <see cref="LossWeights.VidStill"/>): softplus of the video discriminator's logits on
    /// real pairs made still, averaged, times the still weight and the disc weight.
    /// </summary>
    public Tensor DiscriminatorStill(Tensor stillVidLogits)
    {
        using var scope = TensorScope.Enter();
        return (stillVidLogits.Softplus().Mean() * (Weights.VidStill * Weights.Disc)).MoveToOuterScope();
    }

    /// <summary>
    /// Dreg: the per-row R1 penalties (see <see cref="R1Penalty.Compute"/>) times γ/2, averaged and
    /// scaled by the lazy interval weight.
    /// </summary>
    public Tensor DiscriminatorReg(Tensor imgPenalty, Tensor vidPenalty)
    {
        using var scope = TensorScope.Enter();
        var half = Weights.R1Gamma / 2;
        var vid = (vidPenalty * half).Mean() * (Weights.Vid * Weights.DiscReg);
        var img = (imgPenalty * half).Mean() * (Weights.Img * Weights.DiscReg);
        return (vid + img).MoveToOuterScope();
    }

    /// <summary>Greg: L1 between the raw densities at random points and at perturbed points, weighted.</summary>
    public Tensor GeneratorReg(Tensor sigmaInitial, Tensor sigmaPerturbed)
    {
        using var scope = TensorScope.Enter();
        return ((sigmaInitial - sigmaPerturbed).Abs().Mean() * (Weights.DensityReg * Weights.GenReg)).MoveToOuterScope();
    }
}
