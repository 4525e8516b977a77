namespace Pv3d.Rendering.Cameras;

/// <summary>
/// Yaw moves linearly from −<see cref="YawRange"/> to +<see cref="YawRange"/> over the video, and pitch from
/// −<see cref="PitchRange"/> to +<see cref="PitchRange"/> (radians; pitch range 0 keeps the camera level).
/// </summary>
public sealed class YawSweepTrajectory : ICameraTrajectory
{
    /// <summary>The official scripts' yaw amplitude, as the orbit's.</summary>
    public const double DefaultYawRange = OrbitTrajectory.DefaultYawRange;

    public YawSweepTrajectory(double yawRange = DefaultYawRange, double pitchRange = 0)
    {
        YawRange = yawRange;
        PitchRange = pitchRange;
    }

    public double YawRange { get; }
    public double PitchRange { get; }

    public string Name => "yaw-sweep";

    public IReadOnlyList<Camera> Cameras(int frames)
    {
        CameraTrajectory.CheckFrames(frames);
        return Enumerable.Range(0, frames).Select(i =>
        {
            var s = frames == 1 ? 0.5 : i / (double)(frames - 1); // 0 → 1
            return LookAtCamera.Create((2 * s - 1) * YawRange, (2 * s - 1) * PitchRange);
        }).ToArray();
    }
}
