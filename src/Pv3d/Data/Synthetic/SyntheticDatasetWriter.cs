using Pv3d.Rendering.Cameras;
using Pv3d.Torch.IO;
using Pv3d.Video;

namespace Pv3d.Data.Synthetic;

/// <summary>Progress of <see cref="SyntheticDatasetWriter.Write"/>: clips finished so far out of the total.</summary>
public readonly record struct SyntheticProgress(int ClipsDone, int ClipsTotal, string Clip);

/// <summary>What was written.</summary>
public sealed record SyntheticDatasetSummary(string Root, IReadOnlyList<string> Clips, int Frames, int Resolution, TimeSpan Elapsed);

/// <summary>
/// Renders synthetic clips and writes them in the official dataset layout. Every file is written under a
/// temporary name and renamed when complete; the list file comes last, so a reader never sees a clip whose
/// files are missing or half-written.
/// </summary>
public static class SyntheticDatasetWriter
{

    public static SyntheticDatasetSummary Write(SyntheticDatasetOptions options, IProgress<SyntheticProgress>? progress = null)
    {
        options.Validate();
        var clock = System.Diagnostics.Stopwatch.StartNew();
        var layout = new SyntheticLayout(options.OutputDir);
        try
        {
            layout.CreateFolders();
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new Pv3dException($"{options.OutputDir}: cannot create the dataset folders ({e.Message})", e);
        }
        var names = new List<string>();
        for (var i = 0; i < options.Count; i++)
        {
            var clip = SyntheticClip.Sample(options.Seed, i);
            WriteClip(layout, clip, options);
            names.Add(clip.Name);
            progress?.Report(new SyntheticProgress(i + 1, options.Count, clip.Name));
        }
        layout.Dataset.WriteList(names.Select(DatasetLayout.EntryFor));
        return new SyntheticDatasetSummary(layout.Root, names, options.Frames, options.Resolution, clock.Elapsed);
    }

    public static void WriteClip(SyntheticLayout layout, SyntheticClip clip, SyntheticDatasetOptions options)
    {
        var video = clip.Render(options.Frames, options.Resolution);
        VideoWriter.WriteMp4(layout.VideoPath(clip.Name), video, options.Fps);
        WriteAtomically(layout.CameraPath(clip.Name), CameraJson(clip, options.Frames));
        WriteAtomically(layout.MetaPath(clip.Name), SyntheticClipMeta.Of(clip, options.Frames, options.Resolution).ToJson());
    }

    /// <summary>The camera file's bytes: <c>[frame_name, [25 numbers]]</c> per frame.</summary>
    public static byte[] CameraJson(SyntheticClip clip, int frames) => CameraFile.ToJson(clip.Cameras(frames));

    private static void WriteAtomically(string path, byte[] bytes) => AtomicFile.WriteVia(path, temp => File.WriteAllBytes(temp, bytes));
}
