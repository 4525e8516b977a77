using Pv3d.Torch.IO;

namespace Pv3d.Data;

/// <summary>
/// Paths of a dataset in the official PV3D layout under one root folder:
/// <c>voxceleb.list</c> (one video file name per line, relative to <c>recrop_faces/</c>),
/// <c>recrop_faces/NAME.mp4</c> and <c>smoothed_camera2world/NAME.json</c>.
/// </summary>
public sealed class DatasetLayout
{
    public const string ListFileName = "voxceleb.list";
    public const string VideoFolderName = "recrop_faces";
    public const string CameraFolderName = "smoothed_camera2world";
    public const string VideoExtension = ".mp4";

    public DatasetLayout(string root)
    {
        if (string.IsNullOrWhiteSpace(root)) throw new Pv3dException("the dataset folder is empty");
        Root = Path.GetFullPath(root);
    }

    public string Root { get; }
    public string ListFile => Path.Combine(Root, ListFileName);
    public string VideoFolder => Path.Combine(Root, VideoFolderName);
    public string CameraFolder => Path.Combine(Root, CameraFolderName);

    /// <summary>The list entry of a clip called <paramref name="name"/> ("clip0" → "clip0.mp4").</summary>
    public static string EntryFor(string name) => name + VideoExtension;

    /// <summary>The video of a list entry; an entry without an extension means NAME.mp4.</summary>
    public string VideoPath(string entry) => Path.Combine(VideoFolder, WithExtension(entry));

    /// <summary>
    /// The camera file of a list entry. Like the official reader, it is the video's base name with every
    /// "mp4" replaced by "json", in the camera folder.
    /// </summary>
    public string CameraPath(string entry) =>
        Path.Combine(CameraFolder, Path.GetFileName(WithExtension(entry)).Replace("mp4", "json", StringComparison.Ordinal));

    /// <summary>The list entries: each line stripped; blank lines are skipped.</summary>
    public IReadOnlyList<string> ReadList()
    {
        if (!Directory.Exists(Root)) throw new Pv3dException($"{Root}: dataset folder not found");
        if (!File.Exists(ListFile)) throw new Pv3dException($"{ListFile}: video list not found (expected one video file name per line)");
        var entries = File.ReadAllLines(ListFile).Select(l => l.Trim()).Where(l => l.Length > 0).ToList();
        if (entries.Count == 0) throw new Pv3dException($"{ListFile}: the video list is empty");
        return entries;
    }

    /// <summary>Creates the root, video and camera folders.</summary>
    public void CreateFolders()
    {
        Directory.CreateDirectory(VideoFolder);
        Directory.CreateDirectory(CameraFolder);
    }

    /// <summary>Writes the list file (one entry per line, '\n' endings), replacing any previous one.</summary>
    public void WriteList(IEnumerable<string> entries)
    {
        Directory.CreateDirectory(Root);
        AtomicFile.WriteVia(ListFile, temp => File.WriteAllText(temp, string.Concat(entries.Select(e => e + "\n"))));
    }

    private static string WithExtension(string entry) =>
        Path.HasExtension(entry) ? entry : entry + VideoExtension;
}
