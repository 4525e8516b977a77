using Pv3d.Data;
using Pv3d.Video;

namespace Pv3d.Tests.Data;

/// <summary>
/// A dataset in the official layout in a temp folder. Frame f of every clip is gray: the left half has level
/// <see cref="Level"/>(f), the right half is black. Camera f of a clip holds f·100 + k at entry k.
/// </summary>
public sealed class TinyDataset : IDisposable
{
    public const int Size = 32;

    public TinyDataset()
    {
        Root = Path.Combine(Path.GetTempPath(), "pv3d-data-" + Guid.NewGuid().ToString("N"));
        Layout = new DatasetLayout(Root);
        Layout.CreateFolders();
    }

    public string Root { get; }
    public DatasetLayout Layout { get; }

    public static int Level(int frame) => 12 * frame + 8;

    public static RgbFrames Frames(int count)
    {
        var frames = new RgbFrames(count, Size, Size);
        for (var f = 0; f < count; f++)
        {
            var data = frames.Frame(f);
            for (var y = 0; y < Size; y++)
                for (var x = 0; x < Size / 2; x++)
                    data.Slice((y * Size + x) * 3, 3).Fill((byte)Level(f));
        }
        return frames;
    }

    public static float[] Camera(int frame) => Enumerable.Range(0, 25).Select(k => frame * 100f + k).ToArray();

    /// <summary>Adds a clip with <paramref name="frames"/> frames and <paramref name="cameras"/> cameras (default: one per frame).</summary>
    public string AddClip(string name, int frames = 20, int? cameras = null)
    {
        VideoWriter.WriteMp4(Layout.VideoPath(name), Frames(frames), crf: 0);
        ClipCameras.Write(Layout.CameraPath(name), Enumerable.Range(0, cameras ?? frames).Select(Camera).ToList());
        return DatasetLayout.EntryFor(name);
    }

    public void WriteList(params string[] entries) => Layout.WriteList(entries);

    public void Dispose()
    {
        if (Directory.Exists(Root)) Directory.Delete(Root, true);
    }
}
