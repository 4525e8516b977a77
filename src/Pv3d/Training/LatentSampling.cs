using Pv3d.Torch;

namespace Pv3d.Training;

/// <summary>Per-phase latents: one code per video, repeated for each of its frames.</summary>
public static class LatentSampling
{
    /// <summary>
    /// <c>z ~ N(0, I)</c> of shape [videos, dim] from the global generator, repeated per frame →
    /// [videos·frames, dim] (rows v·frames … v·frames+frames−1 share video v's code).
    /// </summary>
    public static Tensor PerVideo(long videos, int frames, int dim, Device? device = null)
    {
        using var scope = TensorScope.Enter();
        var z = Tensor.Randn(new[] { videos, (long)dim }, DType.Float32, device);
        return z.Unsqueeze(1).Repeat(1, frames, 1).Reshape(-1, dim).MoveToOuterScope();
    }
}
