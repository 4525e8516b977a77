using Pv3d.Metrics;
using Pv3d.Torch;

namespace Pv3d.Applications.Inversion;

/// <summary>
/// What inversion, reconstruction and pivotal tuning minimise between rendered images and targets (both [N, 3, H, W] in
/// [−1, 1]): <c>l2 · MSE + l1 · mean |·| + ms_ssim · (1 − MS-SSIM) + lpips_weight · LPIPS</c>, the SSIM terms on images
/// mapped to [0, 1]. The default (MSE plus the multi-scale structural term) needs no downloaded weights; LPIPS-VGG joins
/// when <see cref="Lpips"/> is given (the user's VGG16 and LPIPS weights).
/// </summary>
public sealed record FitLoss
{
    public double L2 { get; init; } = 1;
    public double L1 { get; init; }
    public double MsSsim { get; init; } = 1;
    public double LpipsWeight { get; init; } = 1;

    /// <summary>LPIPS-VGG, when the user supplied its weights (not owned: the caller disposes it).</summary>
    public LpipsVgg? Lpips { get; init; }

    public void Validate()
    {
        foreach (var (name, value) in new[] { ("l2", L2), ("l1", L1), ("ms_ssim", MsSsim), ("lpips", LpipsWeight) })
            if (!(value >= 0) || double.IsInfinity(value)) throw new Pv3dException($"loss weight {name} must be a non-negative number, got {value}");
        if (L2 + L1 + MsSsim <= 0) throw new Pv3dException("at least one loss weight must be positive");
    }

    /// <summary>The scalar loss (mean over the batch).</summary>
    public Tensor Compute(Tensor image, Tensor target)
    {
        using var scope = TensorScope.Enter();
        var diff = image - target;
        var loss = Tensor.Zeros(Array.Empty<long>(), DType.Float32, image.Device);
        if (L2 > 0) loss = loss + diff.Square().Mean() * L2;
        if (L1 > 0) loss = loss + diff.Abs().Mean() * L1;
        if (MsSsim > 0) loss = loss + (1 - ImageSimilarity.MsSsim((image + 1) / 2, (target + 1) / 2).Mean()) * MsSsim;
        if (Lpips is not null && LpipsWeight > 0) loss = loss + Lpips.Distance(image, target).Mean() * LpipsWeight;
        return loss.MoveToOuterScope();
    }
}
