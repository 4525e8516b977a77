using System.Diagnostics;
using Pv3d.Metrics.Fvd.I3d;
using Pv3d.Metrics.MultiView;
using Pv3d.Torch;
using Pv3d.Video;

namespace Pv3d.Metrics.Fvd;

/// <summary>Progress of an FVD feature pass: videos done of the total, and what is being done.</summary>
public sealed record FvdProgress(int Done, int Total, string Stage);

/// <summary>
/// Feature statistics for FVD, as the official scripts gather them: videos are read as the official
/// <c>VideoDataset</c> does (16 consecutive frames from a random start randint(0, max(0, len - 17)), centre-cropped
/// to a square, cv2-resized to 512² unless already 512²), preprocessed (<see cref="I3dPreprocess"/>) and passed through
/// I3D in batches without gradients; features go into <see cref="FeatureStats"/> (memory stays bounded: only the
/// float64 sums are kept). Generated videos come through <see cref="Collect"/>
/// (Applications/Evaluation/GeneratedVideoFvd makes them by the official <c>generating_loop</c> protocol).
/// </summary>
public sealed class FvdEvaluator(InceptionI3d network, int batchSize = 4)
{
    public const int ClipFrames = 16;
    public const int ReaderSize = 512;

    public double SecondsPerVideo { get; private set; }

    /// <summary>The MP4 files of a folder, sorted by name.</summary>
    public static string[] VideosIn(string folder)
    {
        if (!Directory.Exists(folder)) throw new Pv3dException($"{folder}: video folder not found");
        var files = Directory.GetFiles(folder, "*.mp4").OrderBy(f => f, StringComparer.Ordinal).ToArray();
        if (files.Length == 0) throw new Pv3dException($"{folder}: no .mp4 videos in the folder");
        return files;
    }

    /// <summary>Statistics of the videos of <paramref name="folder"/> (at most <paramref name="maxItems"/>).</summary>
    public FeatureStats FromFolder(string folder, long? maxItems, long seed, IProgress<FvdProgress>? progress = null, CancellationToken cancel = default)
    {
        var files = VideosIn(folder);
        var count = maxItems is { } m ? (int)Math.Min(m, files.Length) : files.Length;
        var rng = new Random((int)(seed & 0x7fffffff));
        return Collect(count, i => ReadClip(VideoReader.Read(files[i]), rng, files[i]), maxItems, progress, cancel);
    }

    /// <summary>Fréchet distance of two statistics (<see cref="FrechetDistance"/>).</summary>
    public static double Distance(FeatureStats a, FeatureStats b)
    {
        var (m1, s1) = a.GetMeanCov();
        var (m2, s2) = b.GetMeanCov();
        return FrechetDistance.Compute(m1, s1, m2, s2);
    }

    /// <summary>Statistics of <paramref name="count"/> clips made by <paramref name="clip"/> (each [16 * 512 * 512 * 3] bytes, see
    /// <see cref="ReadClip"/>), in batches, without gradients; stops early (keeping what was done) when cancelled.</summary>
    public FeatureStats Collect(int count, Func<int, byte[]> clip, long? maxItems, IProgress<FvdProgress>? progress, CancellationToken cancel)
    {
        var stats = new FeatureStats(maxItems);
        var batch = new List<byte[]>();
        var clock = Stopwatch.StartNew();
        var done = 0;
        void Flush()
        {
            if (batch.Count == 0) return;
            using var scope = TensorScope.Enter();
            using var noGrad = Autograd.NoGrad();
            var device = network.Parameters().First().Device;
            var videos = Tensor.Stack(batch.Select(b => Tensor.FromArray(b, ClipFrames, ReaderSize, ReaderSize, 3)).ToList()).To(device);
            stats.Append(network.Forward(I3dPreprocess.Apply(videos)));
            done += batch.Count;
            batch.Clear();
            progress?.Report(new FvdProgress(done, count, "features"));
        }
        for (var i = 0; i < count && !cancel.IsCancellationRequested; i++)
        {
            batch.Add(clip(i));
            if (batch.Count == batchSize) Flush();
        }
        if (!cancel.IsCancellationRequested) Flush();
        if (done == 0) throw new OperationCanceledException("FVD interrupted before the first batch");
        SecondsPerVideo = clock.Elapsed.TotalSeconds / done;
        return stats;
    }

    /// <summary>The official reader's clip: 16 consecutive frames, square, 512², as [16 * 512 * 512 * 3] bytes.</summary>
    public static byte[] ReadClip(RgbFrames video, Random rng, string source)
    {
        if (video.Count < ClipFrames) throw new Pv3dException($"{source}: {video.Count} frames; FVD needs at least {ClipFrames}");
        var start = rng.Next(0, Math.Max(0, video.Count - 1 - ClipFrames) + 1);
        var side = Math.Min(video.Height, video.Width);
        var top = (video.Height - side) / 2;
        var left = (video.Width - side) / 2;
        var result = new byte[ClipFrames * ReaderSize * ReaderSize * 3];
        for (var f = 0; f < ClipFrames; f++)
        {
            var frame = video.Frame(start + f);
            var square = new byte[side * side * 3];
            for (var y = 0; y < side; y++)
                frame.Slice(((top + y) * video.Width + left) * 3, side * 3).CopyTo(square.AsSpan(y * side * 3));
            var resized = Cv2Resize.Linear(square, side, side, 3, ReaderSize, ReaderSize);
            resized.CopyTo(result, f * resized.Length);
        }
        return result;
    }
}
