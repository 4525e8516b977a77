namespace Pv3d.Rendering.Cameras;

/// <summary>The canonical frontal camera for every frame (only the motion changes).</summary>
public sealed class FrontalTrajectory : ICameraTrajectory
{
    public string Name => "frontal";

    public IReadOnlyList<Camera> Cameras(int frames)
    {
        CameraTrajectory.CheckFrames(frames);
        return Enumerable.Repeat(Camera.Canonical, frames).ToArray();
    }
}
