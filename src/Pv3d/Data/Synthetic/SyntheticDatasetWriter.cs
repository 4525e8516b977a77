using System.Text.Json;
using Pv3d.Rendering.Cameras;
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
    private static readonly JsonSerializerOptions MetaJson = new() { PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower, WriteIndented = true };

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
        WriteAtomically(layout.MetaPath(clip.Name), MetaJsonBytes(clip, options));
    }

    /// <summary>The camera file's bytes: <c>[frame_name, [25 numbers]]</c> per frame.</summary>
    public static byte[] CameraJson(SyntheticClip clip, int frames) => Rendering.Cameras.CameraFile.ToJson(clip.Cameras(frames));

    private static byte[] MetaJsonBytes(SyntheticClip clip, SyntheticDatasetOptions options)
    {
        var perFrame = Enumerable.Range(0, options.Frames).Select(i =>
        {
            var t = SyntheticClip.TimeOf(i, options.Frames);
            var s = clip.StateAt(t);
            return new { Frame = SyntheticClip.FrameName(i), T = t, s.Blink, s.MouthOpen, s.Nod, Yaw = clip.Motion.YawAt(t), Pitch = clip.Motion.PitchAt(t) };
        }).ToArray();
        var meta = new
        {
            clip.Name, clip.Seed, clip.Index, options.Frames, options.Resolution,
            Note = "world units, +y up, +z out of the face; cameras look at (0, 0, 0.2) from radius 2.7",
            clip.Head, clip.Motion, PerFrame = perFrame,
        };
        return JsonSerializer.SerializeToUtf8Bytes(meta, MetaJson);
    }

    private static void WriteAtomically(string path, byte[] bytes) => AtomicOutput.Write(path, temp => File.WriteAllBytes(temp, bytes));
}
