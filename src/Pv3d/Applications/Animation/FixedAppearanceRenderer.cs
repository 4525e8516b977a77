using Pv3d.Applications.Generation;
using Pv3d.Torch;

namespace Pv3d.Applications.Animation;

/// <summary>
/// An <see cref="IFrameRenderer"/> whose mapping always returns one found appearance code, so that the seed-driven video
/// generator of <c>pv3d generate</c> animates an inverted portrait: each seed then only chooses the motion code.
/// </summary>
public sealed class FixedAppearanceRenderer(IFrameRenderer inner, Tensor ws) : IFrameRenderer
{
    public int ZDim => inner.ZDim;
    public int MotionDim => inner.MotionDim;
    public Device Device => inner.Device;

    /// <summary>ws [1, num_ws, w_dim] repeated for the N codes asked for; z, the camera and truncation are ignored.</summary>
    public Tensor Map(Tensor z, Tensor mappingCamera, double truncationPsi = 1, int? truncationCutoff = null) =>
        ws.To(Device).Expand(z.Size(0), ws.Size(1), ws.Size(2)).Contiguous();

    public FramePlanes Planes(Tensor ws, Tensor zMotion, Tensor t) => inner.Planes(ws, zMotion, t);

    public RenderedFrames Render(FramePlanes planes, Tensor cameras) => inner.Render(planes, cameras);
}
