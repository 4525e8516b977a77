namespace Pv3d.Rendering.Cameras;

/// <summary>Cameras read from a camera file in the official dataset format; frame i uses entry i.</summary>
public sealed class FileTrajectory : ICameraTrajectory
{
    private readonly IReadOnlyList<NamedCamera> _entries;

    public FileTrajectory(string path)
    {
        Path = path;
        _entries = CameraFile.Load(path);
    }

    public string Path { get; }

    public string Name => System.IO.Path.GetFileName(Path);

    public IReadOnlyList<NamedCamera> Entries => _entries;

    public IReadOnlyList<Camera> Cameras(int frames)
    {
        CameraTrajectory.CheckFrames(frames);
        if (frames > _entries.Count)
            throw new Pv3dException($"{Path}: holds {_entries.Count} cameras but {frames} frames were asked for; ask for at most {_entries.Count} frames");
        return _entries.Take(frames).Select(e => e.Camera).ToArray();
    }
}
