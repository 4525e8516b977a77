namespace Pv3d.Data.Synthetic;

/// <summary>
/// The official layout (<see cref="DatasetLayout"/>: voxceleb.list, recrop_faces/NAME.mp4,
/// smoothed_camera2world/NAME.json) plus the synthetic ground truth in synth_meta/NAME.json.
/// </summary>
public sealed class SyntheticLayout(string root)
{
    public const string MetaFolderName = "synth_meta";

    public DatasetLayout Dataset { get; } = new(root);
    public string Root => Dataset.Root;
    public string MetaFolder => Path.Combine(Root, MetaFolderName);

    public string VideoPath(string clip) => Dataset.VideoPath(DatasetLayout.EntryFor(clip));
    public string CameraPath(string clip) => Dataset.CameraPath(DatasetLayout.EntryFor(clip));
    public string MetaPath(string clip) => Path.Combine(MetaFolder, clip + ".json");

    public void CreateFolders()
    {
        Dataset.CreateFolders();
        Directory.CreateDirectory(MetaFolder);
    }
}
