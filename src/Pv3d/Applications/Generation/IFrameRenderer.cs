using Pv3d.Torch;

namespace Pv3d.Applications.Generation;

/// <summary>
/// What video generation needs from a generator: the mapping network (run once per video), the synthesis of a
/// batch of frames' tri-planes (run once per time step) and the rendering of those planes from cameras (run once
/// per view). Implementations render deterministically (const noise, deterministic ray sampling) so that the same
/// inputs give the same frames.
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
    /// The camera-independent part of a batch of frames: ws [B, num_ws, w_dim], z_motion [B, MotionDim] and
    /// t [B, 1] (time in [0, 1]) → the frames' tri-planes. Keep them to render the same frames from other cameras
    /// (multi-view grids, viewers) without synthesising them again.
    /// </summary>
    FramePlanes Planes(Tensor ws, Tensor zMotion, Tensor t);

    /// <summary>
    /// Renders planes from the rendering cameras [B, 25] → image [B, 3, H, W] in [-1, 1] and depth [B, 1, R, R]
    /// (R = rendering resolution). Bit-identical to <see cref="Render(Tensor, Tensor, Tensor, Tensor)"/>.
    /// </summary>
    RenderedFrames Render(FramePlanes planes, Tensor cameras);

    /// <summary>One batch of frames: <see cref="Planes"/> then <see cref="Render(FramePlanes, Tensor)"/>.</summary>
    RenderedFrames Render(Tensor ws, Tensor zMotion, Tensor t, Tensor cameras) => Render(Planes(ws, zMotion, t), cameras);
}

/// <summary>The outputs of <see cref="IFrameRenderer.Render(FramePlanes, Tensor)"/>; both tensors belong to the caller's scope.</summary>
public readonly record struct RenderedFrames(Tensor Image, Tensor Depth);

/// <summary>
/// A batch of frames' tri-planes and the ws that made them (the renderer's raw-RGB layer and the super-resolution
/// network read ws too). <paramref name="Planes"/> is [B, 3, 32, P, P] for the generator; other implementations
/// may hold any per-frame tensor. Both belong to the caller's scope.
/// </summary>
public sealed record FramePlanes(Tensor Planes, Tensor Ws)
{
    /// <summary>Frames in the batch.</summary>
    public long Count => Ws.Size(0);
}
