using Pv3d.Rendering.Cameras;

namespace Pv3d.Metrics.MultiView;

/// <summary>
/// The frames behind ID, CD and WE, as the official <c>generating_multiview_loop</c>
/// (<c>lib/trainers/core/evaluation_loop.py</c>): per video two times t0, t1 drawn (with replacement) from
/// linspace(0, 1, 16), and four frames (t0, front), (t1, side), (t0, side), (t1, front), all mapped with the canonical
/// camera; front = the canonical camera, side = LookAt(π/2 + 30°, π/2 - 0.05, pivot (0, 0, 0.2), radius 2.7).
/// </summary>
public static class MultiViewProtocol
{
    public const int FrameCount = 4;
    public const int TimeSteps = 16;
    public const double SideYawDegrees = 30;

    /// <summary>Per frame: which of the two drawn times (0 = t0, 1 = t1) and whether it is the side view.</summary>
    public static readonly (int Time, bool Side)[] Frames = { (0, false), (1, true), (0, true), (1, false) };

    /// <summary>The official side camera (<c>--yaw 30 --pitch 0</c> of the WE script and the ID metric).</summary>
    public static Camera SideCamera(double yawDegrees = SideYawDegrees, double pitchDegrees = 0) =>
        LookAtCamera.Create(yawDegrees * Math.PI / 180, -0.05 + pitchDegrees * Math.PI / 180, LookAtCamera.DefaultRadius, LookAtCamera.DefaultLookAt);

    public static Camera CameraOf(int frame, Camera side) => Frames[frame].Side ? side : Camera.Canonical;

    /// <summary>The time of the linspace(0, 1, 16) step <paramref name="index"/>, in float32 like torch.linspace.</summary>
    public static float TimeOf(int index) => index == TimeSteps - 1 ? 1f : (float)(index * (1.0 / (TimeSteps - 1)));
}
