namespace Pv3d.Rendering.Cameras;

/// <summary>
/// The official rendering orbit: over the video the camera circles once, yaw = Y·sin(2πi/n) and
/// pitch = −0.05 + P·cos(2πi/n) (radians; the official scripts use Y = 0.35, P = 0.25 and a slight
/// downward tilt of 0.05).
/// </summary>
public sealed class OrbitTrajectory : ICameraTrajectory
{
    public const double DefaultYawRange = 0.35;
    public const double DefaultPitchRange = 0.25;
    public const double PitchOffset = -0.05;

    public OrbitTrajectory(double yawRange = DefaultYawRange, double pitchRange = DefaultPitchRange)
    {
        YawRange = yawRange;
        PitchRange = pitchRange;
    }

    public double YawRange { get; }
    public double PitchRange { get; }

    public string Name => "orbit";

    public IReadOnlyList<Camera> Cameras(int frames)
    {
        CameraTrajectory.CheckFrames(frames);
        return Enumerable.Range(0, frames).Select(i =>
        {
            var angle = 2 * Math.PI * i / frames;
            return LookAtCamera.Create(YawRange * Math.Sin(angle), PitchOffset + PitchRange * Math.Cos(angle));
        }).ToArray();
    }
}
