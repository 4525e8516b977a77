using Pv3d.Torch;

namespace Pv3d.Applications.Generation;

/// <summary>
/// What video generation needs from a generator: the mapping network (run once per video) and the
/// synthesis of a batch of frames. Implementations render deterministically (const noise, deterministic
/// ray sampling) so that the same inputs give the same frames.
/// </summary>
public interface IFrameRenderer
{
    /// <summary>Length of the appearance code z.</summary>
    int ZDim { get; }

    /// <summary>Length of the motion code z_motion.</summary>
    int MotionDim { get; }

    Device Device { get; }

    /// <summary>z [N, ZDim] and the mapping camera [N, 25] → ws [N, num_ws, w_dim], truncated towards w_avg.</summary>
    Tensor Map(Tensor z, Tensor mappingCamera, double truncationPsi = 1, int? truncationCutoff = null);

    /// <summary>
    /// One batch of frames: ws [B, num_ws, w_dim], z_motion [B, MotionDim], t [B, 1] (time in [0, 1]) and the
    /// rendering cameras [B, 25] → image [B, 3, H, W] in [-1, 1] and depth [B, 1, R, R] (R = rendering resolution).
    /// </summary>
    RenderedFrames Render(Tensor ws, Tensor zMotion, Tensor t, Tensor cameras);
}

/// <summary>The outputs of <see cref="IFrameRenderer.Render"/>; both tensors belong to the caller's scope.</summary>
public readonly record struct RenderedFrames(Tensor Image, Tensor Depth);
