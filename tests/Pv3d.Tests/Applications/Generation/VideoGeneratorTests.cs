using Pv3d.Applications.Generation;
using Pv3d.Rendering.Cameras;
using Pv3d.Tests.Video;
using Pv3d.Torch;
using Pv3d.Video;

namespace Pv3d.Tests.Applications.Generation;

[Collection(GlobalRandomCollection.Name)]
public class VideoGeneratorTests : IDisposable
{
    private readonly string _dir = TestFrames.TempDir();

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private static VideoGenerationOptions Options(int frames = 4, ICameraTrajectory? trajectory = null) =>
        new() { Frames = frames, Trajectory = trajectory ?? new YawSweepTrajectory(), BatchSize = 3 };

    [Fact]
    public void WritesEveryFileWithTheRightSizes()
    {
        var renderer = new FakeRenderer();
        var progress = new List<GenerationProgress>();
        var files = new VideoGenerator(renderer, Options(frames: 5)).Generate(new long[] { 3 }, _dir, new SyncProgress(progress));

        Assert.Equal(new[] { "seed0003.mp4", "seed0003.gif", "seed0003_grid.png", "seed0003_grid.mp4", "seed0003_depth.mp4" },
            files.Select(f => Path.GetFileName(f.Path)));
        const int h = FakeRenderer.Height, w = FakeRenderer.Width;
        var expected = new Dictionary<GeneratedKind, (int W, int H, int Frames)>
        {
            [GeneratedKind.VideoMp4] = (w, h, 5),
            [GeneratedKind.VideoGif] = (w, h, 5),
            [GeneratedKind.GridPng] = (5 * w, 3 * h, 1),
            [GeneratedKind.GridMp4] = (w, 3 * h, 5),
            [GeneratedKind.DepthMp4] = (w, h, 5),
        };
        foreach (var file in files)
        {
            var info = VideoReader.Probe(file.Path);
            Assert.Equal(expected[file.Kind], (info.Width, info.Height, info.FrameCount));
            Assert.Equal(expected[file.Kind], (file.Width, file.Height, file.Frames));
        }
        Assert.Equal(5 * files.Count, Directory.GetFiles(_dir).Length * 5); // nothing else (no temporaries) left behind
        Assert.Equal(20, progress.Where(p => p.Stage != GenerationStage.Writing).Max(p => p.FramesDone));
        Assert.All(progress.Where(p => p.Stage != GenerationStage.Writing), p => Assert.Equal(20, p.FramesTotal));
    }

    [Fact]
    public void MapsOncePerVideoWithTheCanonicalCameraAndBatchesFrames()
    {
        var renderer = new FakeRenderer();
        var generator = new VideoGenerator(renderer, Options(frames: 7) with { GridYawDegrees = Array.Empty<double>() });
        var frames = generator.Render(new long[] { 0, 1 }, 0);

        Assert.Single(renderer.MappingCameras);
        Assert.Equal(Camera.Canonical.Values, renderer.MappingCameras[0]);
        Assert.Equal(new[] { 3, 3, 1 }, renderer.BatchSizes);
        Assert.Equal(VideoGenerator.Times(7, 1), renderer.Times.ToArray());
        Assert.Equal(0f, renderer.Times[0]);
        Assert.Equal(1f, renderer.Times[^1]);
        Assert.Null(frames.GridImage);
        Assert.Equal(7, frames.Video.Count);
        // Red encodes the camera's x position: the sweep goes from −x to +x.
        Assert.True(frames.Video.Pixel(0, 0, 0).R < 100 && frames.Video.Pixel(6, 0, 0).R > 155);
    }

    [Fact]
    public void SameSeedSameFramesDifferentSeedsDiffer()
    {
        var seeds = new long[] { 5, 6 };
        var a = new VideoGenerator(new FakeRenderer(), Options()).Render(seeds, 0);
        var b = new VideoGenerator(new FakeRenderer(), Options()).Render(seeds, 0);
        var c = new VideoGenerator(new FakeRenderer(), Options()).Render(seeds, 1);
        Assert.Equal(a.Video.Data, b.Video.Data);
        Assert.Equal(a.GridImage!.Data, b.GridImage!.Data);
        Assert.Equal(a.Depth.Data, b.Depth.Data);
        Assert.NotEqual(a.Video.Data, c.Video.Data);
    }

    [Fact]
    public void FixMotionAndFixAppearanceReuseTheFirstSeedsCodes()
    {
        var seeds = new long[] { 10, 11 };
        (float[] Z, float[] Motion) Codes(VideoGenerationOptions o, int index)
        {
            var r = new FakeRenderer();
            new VideoGenerator(r, o with { GridYawDegrees = Array.Empty<double>() }).Render(seeds, index);
            return (r.MappedZ[0], r.MotionCodes[0]);
        }
        var first = Codes(Options(), 0);
        var second = Codes(Options(), 1);
        Assert.NotEqual(first.Z, second.Z);
        Assert.NotEqual(first.Motion, second.Motion);

        var fixedMotion = Codes(Options() with { FixMotion = true }, 1);
        Assert.Equal(second.Z, fixedMotion.Z);
        Assert.Equal(first.Motion, fixedMotion.Motion);

        var fixedLook = Codes(Options() with { FixAppearance = true }, 1);
        Assert.Equal(first.Z, fixedLook.Z);
        Assert.Equal(second.Motion, fixedLook.Motion);
    }

    [Fact]
    public void GridRowsAreTheYawsAndTheFrontalRowReusesAFrontalVideo()
    {
        var renderer = new FakeRenderer();
        var frames = new VideoGenerator(renderer, Options(frames: 4, trajectory: new FrontalTrajectory())).Render(new long[] { 2 }, 0);
        Assert.Equal(4 * 3, renderer.BatchSizes.Sum()); // video + the two side rows; the yaw-0 row is the video

        var grid = frames.GridVideo!;
        Assert.Equal((4, 3 * FakeRenderer.Height, FakeRenderer.Width), (grid.Count, grid.Height, grid.Width));
        for (var t = 0; t < 4; t++)
        {
            Assert.True(grid.Pixel(t, 0, 0).R < 127, "top row: yaw −30°, camera at −x");
            Assert.Equal(frames.Video.Pixel(t, 0, 0), grid.Pixel(t, FakeRenderer.Height, 0));
            Assert.True(grid.Pixel(t, 2 * FakeRenderer.Height, 0).R > 128, "bottom row: yaw +30°");
        }
        // Grid image: columns are times (green rises left to right), rows the same yaws.
        var image = frames.GridImage!;
        Assert.Equal((1, 3 * FakeRenderer.Height, 4 * FakeRenderer.Width), (image.Count, image.Height, image.Width));
        Assert.True(image.Pixel(0, 0, 0).G < image.Pixel(0, 0, 3 * FakeRenderer.Width).G);
    }

    [Fact]
    public void RenderingLeavesNoTensorsBehind()
    {
        using var scope = TensorScope.Enter();
        new VideoGenerator(new FakeRenderer(), Options(frames: 5)).Render(new long[] { 1 }, 0);
        Assert.Equal(0, scope.Count);
    }

    [Fact]
    public void BadOptionsAreUserErrors()
    {
        Assert.Throws<Pv3dException>(() => new VideoGenerator(new FakeRenderer(), Options() with { Frames = 0 }));
        Assert.Throws<Pv3dException>(() => new VideoGenerator(new FakeRenderer(), Options() with { Fps = 0 }));
        Assert.Throws<Pv3dException>(() => new VideoGenerator(new FakeRenderer(), Options()).Generate(Array.Empty<long>(), _dir));
    }

    /// <summary>IProgress that records synchronously (Progress&lt;T&gt; posts to the thread pool).</summary>
    private sealed class SyncProgress(List<GenerationProgress> sink) : IProgress<GenerationProgress>
    {
        public void Report(GenerationProgress value) => sink.Add(value);
    }
}
