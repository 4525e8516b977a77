using System.Runtime.InteropServices;
using Pv3d.Torch;
using Pv3d.Video;

namespace Pv3d.Applications.Generation;

/// <summary>
/// Writes one seed's files while its frames are rendered (issue 12 item 13: memory flat in the number of frames):
/// each <see cref="SeedBatch"/> goes at once to the encoders of the video (MP4 and GIF) and of the multi-view grid video;
/// the grid image keeps only its few columns. The depth video needs the nearest and farthest depth of the whole video
/// before its first frame can be coloured, so the raw depths are spooled to a hidden temporary file next to the output
/// (deleted when done; a killed run's spool is a stale <c>.NAME.GUID.tmp</c>) and encoded at the end. The files are
/// byte for byte those of <see cref="VideoGenerator.Write"/> on the whole video's frames. Nothing appears under the real
/// names before <see cref="Complete"/>; disposing an unfinished writer leaves no file.
/// </summary>
public sealed class SeedFileWriter : IDisposable
{
    private readonly string _stem;
    private readonly long _seed;
    private readonly VideoGenerationOptions _options;
    private readonly int[] _columns;
    private readonly RgbFrames?[] _cells;
    private readonly int _rows;
    private VideoEncoder? _mp4, _gif, _gridMp4;
    private FileStream? _depthSpool;
    private DepthRange? _depthRange;
    private int _frames, _depthH, _depthW;

    /// <param name="outputDirectory">An existing folder; the files are <c>seedNNNN.mp4</c>, <c>.gif</c>, <c>_grid.png</c>, <c>_grid.mp4</c>, <c>_depth.mp4</c>.</param>
    public SeedFileWriter(string outputDirectory, long seed, VideoGenerationOptions options)
    {
        _stem = Path.Combine(outputDirectory, $"seed{seed:D4}");
        _seed = seed;
        _options = options;
        _rows = options.GridYawDegrees.Count;
        _columns = FrameGrid.EvenlySpaced(options.Frames, options.GridColumns);
        _cells = new RgbFrames?[_rows * _columns.Length];
    }

    /// <summary>Frames of the video written so far.</summary>
    public int Frames => _frames;

    /// <summary>Encodes the next batch of frames (batches arrive in order of time).</summary>
    public void Add(SeedBatch batch)
    {
        if (batch.Start != _frames) throw new ArgumentException($"batch starts at frame {batch.Start}, expected {_frames}", nameof(batch));
        if (batch.GridRows.Count != _rows) throw new ArgumentException($"expected {_rows} grid rows, got {batch.GridRows.Count}", nameof(batch));
        var video = batch.Video;
        if (_mp4 is null) Open(video.Width, video.Height, batch.DepthHeight, batch.DepthWidth);
        _mp4!.Append(video);
        _gif!.Append(video);
        if (_rows > 0)
        {
            _gridMp4!.Append(FrameGrid.Compose(batch.GridRows, _rows, 1));
            for (var j = 0; j < _columns.Length; j++)
            {
                var t = _columns[j] - batch.Start;
                if (t < 0 || t >= video.Count) continue;
                for (var r = 0; r < _rows; r++) _cells[r * _columns.Length + j] = batch.GridRows[r].Select(new[] { t });
            }
        }
        _depthRange = DepthRange.Union(_depthRange, DepthRange.OfFinite(batch.Depth));
        _depthSpool!.Write(MemoryMarshal.AsBytes(batch.Depth.AsSpan()));
        _frames += video.Count;
    }

    private void Open(int width, int height, int depthH, int depthW)
    {
        var fps = _options.Fps;
        _mp4 = VideoEncoder.Mp4(_stem + ".mp4", width, height, fps);
        _gif = VideoEncoder.Gif(_stem + ".gif", width, height, fps);
        if (_rows > 0) _gridMp4 = VideoEncoder.Mp4(_stem + "_grid.mp4", width, _rows * height, fps);
        (_depthH, _depthW) = (depthH, depthW);
        var spool = Path.Combine(Path.GetDirectoryName(_stem)!, $".{Path.GetFileName(_stem)}_depth.{Guid.NewGuid():N}.tmp");
        _depthSpool = new FileStream(spool, FileMode.CreateNew, FileAccess.ReadWrite, FileShare.None, 1 << 16, FileOptions.DeleteOnClose);
    }

    /// <summary>
    /// Encodes the depth video, finishes every file and puts them in place; returns them in the order of
    /// <see cref="VideoGenerator.Write"/> (MP4, GIF, grid PNG, grid MP4, depth MP4).
    /// </summary>
    public IReadOnlyList<GeneratedFile> Complete()
    {
        if (_mp4 is null || _frames != _options.Frames)
            throw new InvalidOperationException($"{_stem}: {_frames} of {_options.Frames} frames were rendered");
        var (width, height) = (_mp4.Width, _mp4.Height);
        using var depth = VideoEncoder.Mp4(_stem + "_depth.mp4", width, height, _options.Fps);
        EncodeDepth(depth, width, height);

        var files = new List<GeneratedFile>();
        void Done(VideoEncoder e, GeneratedKind kind)
        {
            e.Complete();
            files.Add(new GeneratedFile(_seed, kind, e.Path, e.Width, e.Height, e.FramesWritten));
        }
        Done(_mp4, GeneratedKind.VideoMp4);
        Done(_gif!, GeneratedKind.VideoGif);
        if (_rows > 0)
        {
            var image = FrameGrid.Compose(_cells.Select(c => c!).ToArray(), _rows, _columns.Length);
            VideoWriter.WritePng(_stem + "_grid.png", image);
            files.Add(new GeneratedFile(_seed, GeneratedKind.GridPng, _stem + "_grid.png", image.Width, image.Height, image.Count));
            Done(_gridMp4!, GeneratedKind.GridMp4);
        }
        Done(depth, GeneratedKind.DepthMp4);
        return files;
    }

    // The spooled depths in chunks of the batch size, coloured with the whole video's range (as one call of
    // FrameConversion.DepthToFrames on every frame would: each frame is resized and coloured on its own).
    private void EncodeDepth(VideoEncoder encoder, int width, int height)
    {
        var spool = _depthSpool!;
        spool.Flush();
        spool.Position = 0;
        var range = _depthRange ?? DepthRange.Fallback;
        var frameValues = _depthH * _depthW;
        var chunk = Math.Max(1, _options.BatchSize);
        var values = new float[chunk * frameValues];
        for (var start = 0; start < _frames; start += chunk)
        {
            var n = Math.Min(chunk, _frames - start);
            spool.ReadExactly(MemoryMarshal.AsBytes(values.AsSpan(0, n * frameValues)));
            using var scope = TensorScope.Enter();
            var tensor = Tensor.FromArray(values[..(n * frameValues)], n, 1, _depthH, _depthW);
            encoder.Append(FrameConversion.DepthToFrames(tensor, height, width, _options.DepthColorMap, range));
        }
    }

    public void Dispose()
    {
        _mp4?.Dispose();
        _gif?.Dispose();
        _gridMp4?.Dispose();
        _depthSpool?.Dispose();
    }
}
