using Pv3d.Torch;
using Pv3d.Video;

namespace Pv3d.Data;

/// <summary>
/// Training clips in the official layout (<see cref="DatasetLayout"/>). An item is two frames of one clip at
/// Beta-sampled positions within a span, with their cameras and times, flipped with the cameras at random,
/// resized to the training resolution and normalised to [−1, 1]. All randomness comes from the
/// <see cref="DataRandom"/> passed in, so items are reproducible from a seed.
/// </summary>
public sealed class VideoDataset
{
    private readonly IReadOnlyList<string> _entries;
    private readonly Dictionary<int, float[][]> _cameras = new();
    private readonly HashSet<int> _bad = new();
    private readonly object _lock = new();

    public VideoDataset(string root, VideoDatasetOptions? options = null)
    {
        Options = options ?? new VideoDatasetOptions();
        Options.Validate();
        Layout = new DatasetLayout(root);
        _entries = Layout.ReadList();
        Cache = new ClipCache(Options.CacheBytes);
        for (var i = 0; i < _entries.Count; i++)
        {
            try { CheckFilesExist(i); }
            catch (Pv3dException e) when (Options.SkipBadClips) { MarkBad(i, e.Message); }
        }
        if (_bad.Count == _entries.Count) throw new Pv3dException($"{Layout.ListFile}: none of the {_entries.Count} listed clips can be read");
    }

    public DatasetLayout Layout { get; }
    public VideoDatasetOptions Options { get; }
    public ClipCache Cache { get; }
    public IReadOnlyList<string> Entries => _entries;
    public int Count => _entries.Count;

    /// <summary>Clips skipped so far (only with <see cref="VideoDatasetOptions.SkipBadClips"/>).</summary>
    public int BadClipCount { get { lock (_lock) return _bad.Count; } }

    /// <summary>
    /// Item <paramref name="index"/>: frames [2, 3, R, R], cameras [2, 25], times [2]. A skipped clip is
    /// replaced by the next readable one in list order.
    /// </summary>
    public DatasetBatch GetItem(int index, DataRandom rng)
    {
        var (_, frames, cameras) = Resolve(index, needFrames: true);
        var offset = FramePairSampling.Offset(rng, frames!.Count, Options.Span);
        var pair = FramePairSampling.Pair(rng, Options.Span);
        var flip = rng.NextDouble() < Options.FlipProbability;
        var lo = FramePairSampling.FrameIndex(offset, pair.Lo, frames.Count);
        var hi = FramePairSampling.FrameIndex(offset, pair.Hi, frames.Count);

        using var scope = TensorScope.Enter();
        var x = frames.Select(new[] { lo, hi }).ToTensor(asFloat: true);
        if (flip) x = x.Flip(3);
        if (x.Size(2) != Options.Resolution || x.Size(3) != Options.Resolution)
            x = Functional.Interpolate(x, Options.Resolution, InterpolateMode.Bilinear, alignCorners: false, antialias: false);
        x = x.Sub(0.5).Div(0.5);
        var cams = Tensor.FromArray(CameraRows(cameras, new[] { lo, hi }, flip), 2, ClipCameras.CameraLength);
        var times = Tensor.FromArray(new[] { pair.TimeLo, pair.TimeHi }, 2);
        return new DatasetBatch(x, cams, times).MoveToOuterScope();
    }

    /// <summary>Items stacked: frames [B, 2, 3, R, R], cameras [B, 2, 25], times [B, 2]; item b draws from stream <paramref name="firstPosition"/> + b of <paramref name="seed"/> (a shard of a larger batch passes its position in it, so its items draw what they would in the whole batch).</summary>
    public DatasetBatch GetBatch(IReadOnlyList<int> indices, ulong seed, int firstPosition = 0)
    {
        if (indices.Count == 0) throw new ArgumentException("a batch needs at least one item", nameof(indices));
        if (firstPosition < 0) throw new ArgumentOutOfRangeException(nameof(firstPosition));
        using var scope = TensorScope.Enter();
        var items = indices.Select((index, b) => GetItem(index, DataRandom.ForStream(seed, (ulong)(firstPosition + b)))).ToList();
        return new DatasetBatch(
            Tensor.Stack(items.Select(i => i.Frames).ToList()),
            Tensor.Stack(items.Select(i => i.Cameras).ToList()),
            Tensor.Stack(items.Select(i => i.Times).ToList())).MoveToOuterScope();
    }

    /// <summary>
    /// The official <c>get_label</c> without a sample: a camera pair [2, 25] of clip <paramref name="index"/> at a
    /// new offset (from the camera count) and new Beta positions; never flipped. Does not decode the video.
    /// </summary>
    public float[] CameraPair(int index, DataRandom rng)
    {
        var (_, _, cameras) = Resolve(index, needFrames: false);
        var offset = FramePairSampling.Offset(rng, cameras.Length, Options.Span);
        var pair = FramePairSampling.Pair(rng, Options.Span);
        return CameraRows(cameras, new[]
        {
            FramePairSampling.FrameIndex(offset, pair.Lo, cameras.Length),
            FramePairSampling.FrameIndex(offset, pair.Hi, cameras.Length),
        }, flip: false);
    }

    /// <summary>Cameras for the generator: [count, 2, 25], each row the camera pair of a uniformly drawn clip.</summary>
    public Tensor GeneratorCameras(int count, DataRandom rng)
    {
        var data = new float[count * 2 * ClipCameras.CameraLength];
        for (var i = 0; i < count; i++)
            CameraPair(rng.NextInt(Count), rng).CopyTo(data, i * 2 * ClipCameras.CameraLength);
        return Tensor.FromArray(data, count, 2, ClipCameras.CameraLength);
    }

    private static float[] CameraRows(float[][] cameras, int[] rows, bool flip)
    {
        var result = new float[rows.Length * ClipCameras.CameraLength];
        for (var r = 0; r < rows.Length; r++)
        {
            var camera = cameras[Math.Min(rows[r], cameras.Length - 1)];
            (flip ? CameraFlip.Flip(camera) : camera).CopyTo(result, r * ClipCameras.CameraLength);
        }
        return result;
    }

    private (int Clip, RgbFrames? Frames, float[][] Cameras) Resolve(int index, bool needFrames)
    {
        if ((uint)index >= (uint)Count) throw new ArgumentOutOfRangeException(nameof(index), $"item {index} of {Count}");
        for (var k = 0; k < Count; k++)
        {
            var i = (index + k) % Count;
            lock (_lock) if (_bad.Contains(i)) continue;
            try
            {
                var cameras = LoadCameras(i);
                var frames = needFrames ? LoadFrames(i, cameras.Length) : null;
                return (i, frames, cameras);
            }
            catch (Pv3dException e) when (Options.SkipBadClips)
            {
                MarkBad(i, e.Message);
            }
        }
        throw new Pv3dException($"{Layout.ListFile}: none of the {Count} listed clips can be read");
    }

    private void CheckFilesExist(int i)
    {
        var video = Layout.VideoPath(_entries[i]);
        if (!File.Exists(video)) throw new Pv3dException($"{video}: video listed in {Layout.ListFile} not found");
        var camera = Layout.CameraPath(_entries[i]);
        if (!File.Exists(camera)) throw new Pv3dException($"{video}: camera file {camera} not found");
    }

    private float[][] LoadCameras(int i)
    {
        lock (_lock) if (_cameras.TryGetValue(i, out var cached)) return cached;
        var cameras = ClipCameras.Read(Layout.CameraPath(_entries[i]));
        lock (_lock) _cameras[i] = cameras;
        return cameras;
    }

    private RgbFrames LoadFrames(int i, int cameraCount)
    {
        var path = Layout.VideoPath(_entries[i]);
        var frames = Cache.GetOrLoad(_entries[i], () => Decode(path));
        if (frames.Count != cameraCount)
            throw new Pv3dException($"{path}: {frames.Count} frames but {cameraCount} cameras in {Layout.CameraPath(_entries[i])}; a camera is needed per frame");
        return frames;
    }

    private static RgbFrames Decode(string path)
    {
        if (!File.Exists(path)) throw new Pv3dException($"{path}: video not found");
        try { return VideoReader.Read(path); }
        catch (Pv3dException e) { throw new Pv3dException($"{path}: unreadable or corrupt video ({e.Message})", e); }
    }

    private void MarkBad(int i, string reason)
    {
        lock (_lock) if (!_bad.Add(i)) return;
        Options.Warn?.Invoke($"skipping clip {_entries[i]}: {reason}");
    }
}
