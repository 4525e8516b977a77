using Pv3d.Rendering.Cameras;
using Pv3d.Torch;
using Pv3d.Video;

namespace Pv3d.Applications.Generation;

/// <summary>
/// Makes videos from seeds: per seed the codes z and z_motion are drawn (see <see cref="SeededLatents"/>), ws is
/// mapped once with the shared mapping camera, and frames are rendered in batches along the camera trajectory and,
/// for the multi-view grid, from fixed yaws. Each batch runs in its own tensor scope, so memory stays flat however
/// many frames and seeds are made.
/// </summary>
public sealed class VideoGenerator
{
    private readonly IFrameRenderer _renderer;
    private readonly VideoGenerationOptions _options;

    public VideoGenerator(IFrameRenderer renderer, VideoGenerationOptions options)
    {
        options.Validate();
        _renderer = renderer;
        _options = options;
    }

    /// <summary>Renders and writes every seed's files into <paramref name="outputDirectory"/> (created if missing).</summary>
    public IReadOnlyList<GeneratedFile> Generate(IReadOnlyList<long> seeds, string outputDirectory,
        IProgress<GenerationProgress>? progress = null, CancellationToken cancellation = default)
    {
        if (seeds.Count == 0) throw new Pv3dException("no seeds given");
        try
        {
            Directory.CreateDirectory(outputDirectory);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new Pv3dException($"{outputDirectory}: cannot create the output folder ({e.Message})", e);
        }

        var files = new List<GeneratedFile>();
        for (var i = 0; i < seeds.Count; i++)
        {
            var frames = Render(seeds, i, progress, cancellation);
            progress?.Report(new GenerationProgress(seeds[i], i, seeds.Count, 1, 1, GenerationStage.Writing));
            files.AddRange(Write(frames, outputDirectory));
        }
        return files;
    }

    /// <summary>Renders video <paramref name="index"/> of <paramref name="seeds"/> (the first seed matters for fixed codes).</summary>
    public SeedFrames Render(IReadOnlyList<long> seeds, int index, IProgress<GenerationProgress>? progress = null,
        CancellationToken cancellation = default)
    {
        var seed = seeds[index];
        var o = _options;
        var cameras = o.Trajectory.Cameras(o.Frames);
        var gridCameras = o.GridYawDegrees.Select(GridCamera).ToArray();
        var reuse = gridCameras.Select(g => cameras.All(c => c.Equals(g))).ToArray();
        var total = o.Frames * (1 + reuse.Count(r => !r));
        var done = 0;
        void Advance(int n, GenerationStage stage, double? yaw = null)
        {
            done += n;
            progress?.Report(new GenerationProgress(seed, index, seeds.Count, done, total, stage, yaw));
        }

        using var noGrad = Autograd.NoGrad();
        using var scope = TensorScope.Enter();
        var (z, zMotion) = Codes(seeds, index);
        var ws = _renderer.Map(z, Camera.ToTensor(new[] { o.MappingCamera }, _renderer.Device), o.TruncationPsi, o.TruncationCutoff);
        var times = Times(o.Frames, o.TimeEnd);

        var (video, depth) = RenderSequence(ws, zMotion, cameras, times, keepDepth: true, n => Advance(n, GenerationStage.Video), cancellation);
        var depthFrames = FrameConversion.DepthToFrames(depth!, video.Height, video.Width, o.DepthColorMap);

        RgbFrames? gridVideo = null, gridImage = null;
        if (gridCameras.Length > 0)
        {
            var rows = new RgbFrames[gridCameras.Length];
            for (var r = 0; r < rows.Length; r++)
                rows[r] = reuse[r]
                    ? video
                    : RenderSequence(ws, zMotion, Enumerable.Repeat(gridCameras[r], o.Frames).ToArray(), times, keepDepth: false,
                        n => Advance(n, GenerationStage.Grid, o.GridYawDegrees[r]), cancellation).Images;
            gridVideo = FrameGrid.Compose(rows, rows.Length, 1);
            var columns = FrameGrid.EvenlySpaced(o.Frames, o.GridColumns);
            var cells = rows.SelectMany(row => columns.Select(t => row.Select(new[] { t }))).ToArray();
            gridImage = FrameGrid.Compose(cells, rows.Length, columns.Length);
        }
        return new SeedFrames(seed, video, depthFrames, gridVideo, gridImage);
    }

    /// <summary>Writes one seed's files; returns them in the order MP4, GIF, grid PNG, grid MP4, depth MP4.</summary>
    public IReadOnlyList<GeneratedFile> Write(SeedFrames frames, string outputDirectory)
    {
        var stem = Path.Combine(outputDirectory, $"seed{frames.Seed:D4}");
        var fps = _options.Fps;
        var files = new List<GeneratedFile>();
        void Add(GeneratedKind kind, string path, RgbFrames f, Action<string, RgbFrames> write)
        {
            write(path, f);
            files.Add(new GeneratedFile(frames.Seed, kind, path, f.Width, f.Height, f.Count));
        }

        Add(GeneratedKind.VideoMp4, stem + ".mp4", frames.Video, (p, f) => VideoWriter.WriteMp4(p, f, fps));
        Add(GeneratedKind.VideoGif, stem + ".gif", frames.Video, (p, f) => VideoWriter.WriteGif(p, f, fps));
        if (frames.GridImage is { } image) Add(GeneratedKind.GridPng, stem + "_grid.png", image, VideoWriter.WritePng);
        if (frames.GridVideo is { } grid) Add(GeneratedKind.GridMp4, stem + "_grid.mp4", grid, (p, f) => VideoWriter.WriteMp4(p, f, fps));
        Add(GeneratedKind.DepthMp4, stem + "_depth.mp4", frames.Depth, (p, f) => VideoWriter.WriteMp4(p, f, fps));
        return files;
    }

    /// <summary>The camera of a grid row: the canonical camera at yaw 0, else a level look-at camera.</summary>
    public static Camera GridCamera(double yawDegrees) =>
        yawDegrees == 0 ? Camera.Canonical : LookAtCamera.Create(yawDegrees * Math.PI / 180, 0);

    /// <summary>t_i = linspace(0, end, frames) as float32 values.</summary>
    public static float[] Times(int frames, double end)
    {
        using var scope = TensorScope.Enter();
        return Tensor.Linspace(0, end, frames).ToArray<float>();
    }

    private (Tensor Z, Tensor ZMotion) Codes(IReadOnlyList<long> seeds, int index)
    {
        var own = SeededLatents.For(seeds[index], _renderer.ZDim, _renderer.MotionDim, _renderer.Device);
        if (index == 0 || !(_options.FixAppearance || _options.FixMotion)) return own;
        var first = SeededLatents.For(seeds[0], _renderer.ZDim, _renderer.MotionDim, _renderer.Device);
        return (_options.FixAppearance ? first.Z : own.Z, _options.FixMotion ? first.ZMotion : own.ZMotion);
    }

    private (RgbFrames Images, Tensor? Depth) RenderSequence(Tensor ws, Tensor zMotion, IReadOnlyList<Camera> cameras,
        float[] times, bool keepDepth, Action<int> advance, CancellationToken cancellation)
    {
        var images = new List<RgbFrames>();
        var depths = new List<float[]>();
        long depthH = 0, depthW = 0;
        for (var start = 0; start < cameras.Count; start += _options.BatchSize)
        {
            cancellation.ThrowIfCancellationRequested();
            var b = Math.Min(_options.BatchSize, cameras.Count - start);
            using (TensorScope.Enter())
            {
                var device = _renderer.Device;
                var t = Tensor.FromArray(times[start..(start + b)], b, 1).To(device);
                var c = Camera.ToTensor(cameras.Skip(start).Take(b).ToArray(), device);
                var output = _renderer.Render(ws.Repeat(b, 1, 1), zMotion.Repeat(b, 1), t, c);
                images.Add(FrameConversion.ImagesToFrames(output.Image));
                if (keepDepth)
                {
                    depthH = output.Depth.Size(2);
                    depthW = output.Depth.Size(3);
                    depths.Add(output.Depth.Detach().To(DType.Float32).Cpu().Contiguous().ToArray<float>());
                }
            }
            advance(b);
        }
        Tensor? depth = keepDepth ? Tensor.FromArray(depths.SelectMany(d => d).ToArray(), cameras.Count, 1, depthH, depthW) : null;
        return (RgbFrames.Concat(images), depth);
    }
}
