namespace Pv3d.Data.Synthetic;

/// <summary>
/// Paths of the official VoxCeleb layout as the synthetic writer produces them (kept in one place so they can
/// follow a shared dataset-layout type): DATA/voxceleb.list, DATA/recrop_faces/NAME.mp4,
/// DATA/smoothed_camera2world/NAME.json, plus our ground truth in DATA/synth_meta/NAME.json.
/// </summary>
public sealed class SyntheticLayout(string root)
{
    public const string ListFileName = "voxceleb.list";
    public const string VideoFolder = "recrop_faces";
    public const string CameraFolder = "smoothed_camera2world";
    public const string MetaFolder = "synth_meta";

    public string Root { get; } = root;
    public string ListFile => Path.Combine(Root, ListFileName);
    public string VideoFileName(string clip) => clip + ".mp4";
    public string VideoPath(string clip) => Path.Combine(Root, VideoFolder, VideoFileName(clip));

    /// <summary>As the official reader finds it: the video's base name with "mp4" replaced by "json".</summary>
    public string CameraPath(string clip) => Path.Combine(Root, CameraFolder, VideoFileName(clip).Replace("mp4", "json"));

    public string MetaPath(string clip) => Path.Combine(Root, MetaFolder, clip + ".json");

    public void CreateFolders()
    {
        foreach (var folder in new[] { VideoFolder, CameraFolder, MetaFolder }) Directory.CreateDirectory(Path.Combine(Root, folder));
    }
}
