namespace Pv3d.Rendering.Cameras;

/// <summary>A camera path for a video: one rendering camera per frame.</summary>
public interface ICameraTrajectory
{
    /// <summary>A short description for progress output and summaries.</summary>
    string Name { get; }

    IReadOnlyList<Camera> Cameras(int frames);
}
