using Pv3d.Torch;

namespace Pv3d.Applications.Generation;

/// <summary>
/// The latent codes of one seed, drawn as the official video scripts draw them: the generator is seeded with
/// <c>seed + 80000000000</c>, then z and then z_motion are each <c>randn([1, dim])</c>. On CPU this gives the
/// official codes for video index <c>seed</c> exactly (CUDA generators draw different streams).
/// </summary>
public static class SeededLatents
{
    public const long OfficialSeedOffset = 80_000_000_000L;

    /// <summary>z [1, zDim] and z_motion [1, motionDim] on <paramref name="device"/>. Reseeds the global generator.</summary>
    public static (Tensor Z, Tensor ZMotion) For(long seed, int zDim, int motionDim, Device? device = null)
    {
        TorchRandom.ManualSeed(seed + OfficialSeedOffset);
        using var scope = TensorScope.Enter();
        var z = Tensor.Randn(1, zDim);
        var zMotion = Tensor.Randn(1, motionDim);
        if (device is { } d && !d.Equals(Device.CPU))
        {
            z = z.To(d);
            zMotion = zMotion.To(d);
        }
        return (z.MoveToOuterScope(), zMotion.MoveToOuterScope());
    }
}
