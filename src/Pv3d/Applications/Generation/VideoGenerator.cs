using Pv3d.Rendering.Cameras;
using Pv3d.Torch;
using Pv3d.Video;

namespace Pv3d.Applications.Generation;

/// <summary>
/// Makes videos from seeds: per seed the codes z and z_motion are drawn (see <see cref="SeededLatents"/>), ws is
/// mapped once with the shared mapping camera, and the tri-planes of each batch of times are synthesised once and
/// rendered along the camera trajectory and, for the multi-view grid, from fixed yaws. Each batch runs in its own tensor
/// scope and <see cref="Generate"/> hands each batch's frames to the encoders at once (<see cref="SeedFileWriter"/>), so
/// memory stays flat however many frames and seeds are made.
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

    /// <summary>
    /// Renders and writes every seed's files into <paramref name="outputDirectory"/> (created if missing), streaming each
    /// batch of frames to the encoders. A seed's files appear when the seed is done; cancelling keeps the seeds done.
    /// </summary>
    public IReadOnlyList<GeneratedFile> Generate(IReadOnlyList<long> seeds, string outputDirectory,
        IProgress<GenerationProgress>? progress = null, CancellationToken cancellation = default)
    {
        if (seeds.Count == 0) throw new Pv3dException("no seeds given");
        var created = !Directory.Exists(outputDirectory);
        try
        {
            Directory.CreateDirectory(outputDirectory);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new Pv3dException($"{outputDirectory}: cannot create the output folder ({e.Message})", e);
        }

        var files = new List<GeneratedFile>();
        try
        {
            for (var i = 0; i < seeds.Count; i++)
            {
                using var writer = new SeedFileWriter(outputDirectory, seeds[i], _options);
                RenderBatches(seeds, i, writer.Add, progress, cancellation);
                progress?.Report(new GenerationProgress(seeds[i], i, seeds.Count, 1, 1, GenerationStage.Writing));
                files.AddRange(writer.Complete());
            }
        }
        catch
        {
            // Nothing was made (the writer has removed its temporaries by now): leave no empty output folder behind.
            // Not an exception filter: filters run before the writer's Dispose.
            if (created && files.Count == 0 && !Directory.EnumerateFileSystemEntries(outputDirectory).Any())
                Directory.Delete(outputDirectory);
            throw;
        }
        return files;
    }

    /// <summary>
    /// Renders video <paramref name="index"/> of <paramref name="seeds"/> (the first seed matters for fixed codes) into
    /// memory: every frame is held, so this is for short videos (tests, previews); <see cref="Generate"/> streams.
    /// </summary>
    public SeedFrames Render(IReadOnlyList<long> seeds, int index, IProgress<GenerationProgress>? progress = null,
        CancellationToken cancellation = default)
    {
        var o = _options;
        var videoParts = new List<RgbFrames>();
        var rowParts = o.GridYawDegrees.Select(_ => new List<RgbFrames>()).ToArray();
        var depths = new List<float[]>();
        int depthH = 0, depthW = 0;
        RenderBatches(seeds, index, batch =>
        {
            videoParts.Add(batch.Video);
            for (var r = 0; r < rowParts.Length; r++) rowParts[r].Add(batch.GridRows[r]);
            depths.Add(batch.Depth);
            (depthH, depthW) = (batch.DepthHeight, batch.DepthWidth);
        }, progress, cancellation);

        using var scope = TensorScope.Enter();
        var video = RgbFrames.Concat(videoParts);
        var depth = Tensor.FromArray(depths.SelectMany(d => d).ToArray(), o.Frames, 1, depthH, depthW);
        var depthFrames = FrameConversion.DepthToFrames(depth, video.Height, video.Width, o.DepthColorMap);
        RgbFrames? gridVideo = null, gridImage = null;
        if (rowParts.Length > 0)
        {
            var rows = rowParts.Select(RgbFrames.Concat).ToArray();
            gridVideo = FrameGrid.Compose(rows, rows.Length, 1);
            var columns = FrameGrid.EvenlySpaced(o.Frames, o.GridColumns);
            var cells = rows.SelectMany(row => columns.Select(t => row.Select(new[] { t }))).ToArray();
            gridImage = FrameGrid.Compose(cells, rows.Length, columns.Length);
        }
        return new SeedFrames(seeds[index], video, depthFrames, gridVideo, gridImage);
    }

    /// <summary>
    /// Renders one seed batch by batch of times and hands each batch to <paramref name="consume"/> (in order of time).
    /// Every row of the grid shows the same times as the video: each batch of times is synthesised once and rendered
    /// from the video's cameras and from every grid camera the video does not already show.
    /// </summary>
    private void RenderBatches(IReadOnlyList<long> seeds, int index, Action<SeedBatch> consume,
        IProgress<GenerationProgress>? progress, CancellationToken cancellation)
    {
        var seed = seeds[index];
        var o = _options;
        var cameras = o.Trajectory.Cameras(o.Frames);
        var gridCameras = o.GridYawDegrees.Select(GridCamera).ToArray();
        var reuse = gridCameras.Select(g => cameras.All(c => c.Equals(g))).ToArray();
        var sideRows = Enumerable.Range(0, gridCameras.Length).Where(r => !reuse[r]).ToArray();
        var total = o.Frames * (1 + sideRows.Length);
        var done = 0;
        void Advance(int n, GenerationStage stage, double? yaw = null)
        {
            done += n;
            progress?.Report(new GenerationProgress(seed, index, seeds.Count, done, total, stage, yaw));
        }

        progress?.Report(new GenerationProgress(seed, index, seeds.Count, 0, total, GenerationStage.Video)); // started
        using var noGrad = Autograd.NoGrad();
        using var scope = TensorScope.Enter();
        var (z, zMotion) = Codes(seeds, index);
        var ws = _renderer.Map(z, Camera.ToTensor(new[] { o.MappingCamera }, _renderer.Device), o.TruncationPsi, o.TruncationCutoff);
        var times = Times(o.Frames, o.TimeEnd);
        var views = new List<(IReadOnlyList<Camera> Cameras, Action<int> Advance)> { (cameras, n => Advance(n, GenerationStage.Video)) };
        views.AddRange(sideRows.Select(r => ((IReadOnlyList<Camera>)Enumerable.Repeat(gridCameras[r], o.Frames).ToArray(),
            (Action<int>)(n => Advance(n, GenerationStage.Grid, o.GridYawDegrees[r])))));

        for (var start = 0; start < times.Length; start += o.BatchSize)
        {
            cancellation.ThrowIfCancellationRequested();
            var b = Math.Min(o.BatchSize, times.Length - start);
            var images = new RgbFrames[views.Count];
            float[] depth = Array.Empty<float>();
            int depthH = 0, depthW = 0;
            using (TensorScope.Enter())
            {
                var device = _renderer.Device;
                var t = Tensor.FromArray(times[start..(start + b)], b, 1).To(device);
                var planes = _renderer.Planes(ws.Repeat(b, 1, 1), zMotion.Repeat(b, 1), t);
                for (var v = 0; v < views.Count; v++)
                {
                    if (v > 0) cancellation.ThrowIfCancellationRequested();
                    using (TensorScope.Enter())
                    {
                        var c = Camera.ToTensor(views[v].Cameras.Skip(start).Take(b).ToArray(), device);
                        var output = _renderer.Render(planes, c);
                        images[v] = FrameConversion.ImagesToFrames(output.Image);
                        if (v == 0)
                        {
                            depthH = (int)output.Depth.Size(2);
                            depthW = (int)output.Depth.Size(3);
                            depth = output.Depth.Detach().To(DType.Float32).Cpu().Contiguous().ToArray<float>();
                        }
                    }
                    views[v].Advance(b);
                }
            }
            var rows = Enumerable.Range(0, gridCameras.Length).Select(r => reuse[r] ? images[0] : images[1 + Array.IndexOf(sideRows, r)]).ToArray();
            consume(new SeedBatch(start, images[0], rows, depth, depthH, depthW));
        }
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
}
