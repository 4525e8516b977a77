using Pv3d.Applications.Generation;
using Pv3d.Rendering.Cameras;
using Pv3d.Torch;
using Pv3d.Video;

namespace Pv3d.Applications.Inversion;

/// <summary>A sequence from fixed yaws side by side (−30°, 0°, +30° by default, the cameras of <c>pv3d generate</c>'s grid rows).</summary>
public static class MultiView
{
    public static readonly double[] DefaultYaws = { -30, 0, 30 };

    public static RgbFrames Render(CodeRenderer renderer, Tensor ws, Tensor motion, Tensor times, IReadOnlyList<double>? yawsDegrees = null,
        CancellationToken cancellation = default)
    {
        var yaws = yawsDegrees ?? DefaultYaws;
        var frames = (int)times.Size(0);
        var views = new List<RgbFrames>();
        foreach (var yaw in yaws)
        {
            using var scope = TensorScope.Enter();
            var cameras = Camera.ToTensor(Enumerable.Repeat(VideoGenerator.GridCamera(yaw), frames).ToArray());
            views.Add(renderer.RenderFrames(ws, motion, times, cameras, cancellation: cancellation));
        }
        return FrameGrid.Compose(views, 1, views.Count);
    }
}
