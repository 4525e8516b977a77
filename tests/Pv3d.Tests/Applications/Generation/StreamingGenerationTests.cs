using Pv3d.Applications.Generation;
using Pv3d.Checkpoints;
using Pv3d.Rendering.Cameras;
using Pv3d.Tests.Networks;
using Pv3d.Tests.Video;

namespace Pv3d.Tests.Applications.Generation;

/// <summary>
/// Issue 12 item 13: <c>generate</c> streams each batch of frames to the encoders. The files must stay byte for byte
/// those of the buffered path (render the whole video, then write it: the code before streaming, kept as
/// <see cref="VideoGenerator.Render"/> + <see cref="VideoGenerator.Write"/>), and the memory held must not grow with
/// the number of frames.
/// </summary>
[Collection(GlobalRandomCollection.Name)]
public sealed class StreamingGenerationTests : IDisposable
{
    private readonly string _dir = TestFrames.TempDir();

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private void AssertSameFiles(IFrameRenderer streamed, IFrameRenderer buffered, VideoGenerationOptions options, long[] seeds)
    {
        var a = Path.Combine(_dir, "streamed");
        var b = Path.Combine(_dir, "buffered");
        Directory.CreateDirectory(b);
        var streamedFiles = new VideoGenerator(streamed, options).Generate(seeds, a);
        var generator = new VideoGenerator(buffered, options);
        var bufferedFiles = Enumerable.Range(0, seeds.Length).SelectMany(i => generator.Write(generator.Render(seeds, i), b)).ToList();

        Assert.Equal(bufferedFiles.Select(f => (f.Seed, f.Kind, Path.GetFileName(f.Path), f.Width, f.Height, f.Frames)),
            streamedFiles.Select(f => (f.Seed, f.Kind, Path.GetFileName(f.Path), f.Width, f.Height, f.Frames)));
        Assert.Equal(5 * seeds.Length, streamedFiles.Count);
        foreach (var f in streamedFiles)
            Assert.True(File.ReadAllBytes(f.Path).AsSpan().SequenceEqual(File.ReadAllBytes(Path.Combine(b, Path.GetFileName(f.Path)))),
                $"{Path.GetFileName(f.Path)} differs between the streamed and the buffered path");
        Assert.Equal(streamedFiles.Count, Directory.GetFiles(a, "*", SearchOption.AllDirectories).Length); // no spool or temporary left
    }

    [Fact]
    public void StreamedFilesAreByteForByteTheBufferedOnesForTheTinyGenerator()
    {
        var checkpoint = Path.Combine(_dir, "tiny.ckpt");
        TinyGeneratorWeights.WriteOfficialCheckpoint(checkpoint);
        using var loaded = CheckpointLoader.LoadGenerator(checkpoint);
        var renderer = new GeneratorFrameRenderer(loaded.Generator, renderingResolution: 8);
        // 3 frames in batches of 2 (a short last batch), a yaw sweep (every grid row rendered), 2 grid columns.
        var options = new VideoGenerationOptions { Frames = 3, BatchSize = 2, Trajectory = new YawSweepTrajectory(), GridColumns = 2, GridYawDegrees = new[] { -30.0, 30 } };
        AssertSameFiles(renderer, renderer, options, new long[] { 4 });
    }

    [Fact]
    public void StreamedFilesAreByteForByteTheBufferedOnesOverSeedsBatchesAndColormaps()
    {
        var options = new VideoGenerationOptions
        {
            Frames = 7, BatchSize = 4, Trajectory = new FrontalTrajectory(), GridColumns = 5, DepthColorMap = Pv3d.Video.DepthColorMap.Viridis,
        };
        AssertSameFiles(new FakeRenderer(), new FakeRenderer(), options, new long[] { 2, 7 });
    }

    [Fact]
    public void LiveMemoryDoesNotGrowWithTheFrameCount()
    {
        // 96x128 frames: 36 KiB each; the video and two side rows (yaw 0 is the frontal video) are 108 KiB per frame.
        // Holding them until encoding (the code before streaming) grows the live heap by ~17 MiB over these 160 frames.
        const int frames = 200, first = 40;
        var options = new VideoGenerationOptions { Frames = frames, BatchSize = 4, Trajectory = new FrontalTrajectory() };
        long? atFirst = null, atLast = null;
        var progress = new Probe(p =>
        {
            if (p.Stage == GenerationStage.Writing) return;
            if (p.FramesDone == first) atFirst = GC.GetTotalMemory(forceFullCollection: true);
            if (p.FramesDone == p.FramesTotal) atLast = GC.GetTotalMemory(forceFullCollection: true);
        });
        var files = new VideoGenerator(new FakeRenderer(96, 128), options).Generate(new long[] { 1 }, _dir, progress);

        Assert.Equal(frames, files.Single(f => f.Kind == GeneratedKind.VideoMp4).Frames);
        var heldPerFrame = 3 * 96 * 128 * 3;
        var growth = atLast!.Value - atFirst!.Value;
        Assert.True(growth < 20L * heldPerFrame,
            $"the live heap grew by {growth / 1024} KiB over {frames - first} frames; holding them would take {(frames - first) * (long)heldPerFrame / 1024} KiB");
    }

    [Fact]
    public void CancellingKeepsTheSeedsDoneAndLeavesNoPartialFiles()
    {
        using var cancel = new CancellationTokenSource();
        var progress = new Probe(p => { if (p.VideoIndex == 1 && p.FramesDone >= 2) cancel.Cancel(); });
        var options = new VideoGenerationOptions { Frames = 6, BatchSize = 2, Trajectory = new FrontalTrajectory() };
        Assert.ThrowsAny<OperationCanceledException>(() =>
            new VideoGenerator(new FakeRenderer(), options).Generate(new long[] { 0, 1 }, _dir, progress, cancel.Token));
        Assert.Equal(new[] { "seed0000.gif", "seed0000.mp4", "seed0000_depth.mp4", "seed0000_grid.mp4", "seed0000_grid.png" },
            Directory.GetFiles(_dir, "*", SearchOption.AllDirectories).Select(Path.GetFileName).Order(StringComparer.Ordinal));
    }

    private sealed class Probe(Action<GenerationProgress> report) : IProgress<GenerationProgress>
    {
        public void Report(GenerationProgress value) => report(value);
    }
}
