using Pv3d.Applications.Generation;
using Pv3d.Rendering.Cameras;
using Pv3d.Tests.Video;

namespace Pv3d.Tests.Applications.Generation;

/// <summary>
/// Issue 12 item 13: a frame count whose frames cannot be held until encoding fails after the first batch, naming the
/// largest count that fits, instead of rendering for hours and dying in an allocation.
/// </summary>
[Collection(GlobalRandomCollection.Name)]
public sealed class FrameBudgetTests : IDisposable
{
    private readonly string _dir = TestFrames.TempDir();

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Fact]
    public void TooManyFramesFailAfterTheFirstBatchNamingWhatFits()
    {
        // FakeRenderer frames are 16x12: 576 bytes, x7 with three grid rows (rows and the grid video) = 4032 per frame.
        var options = new VideoGenerationOptions { Frames = 100, Trajectory = new FrontalTrajectory(), BatchSize = 2, MemoryBudgetBytes = 100_000 };
        var renderer = new FakeRenderer();
        var outDir = Path.Combine(_dir, "out");
        var e = Assert.Throws<Pv3dException>(() => new VideoGenerator(renderer, options).Generate(new long[] { 0 }, outDir));
        Assert.Contains("at most 24 frames fit", e.Message);
        Assert.Equal(new[] { 2 }, renderer.BatchSizes); // stopped after the first batch
        Assert.False(Directory.Exists(outDir)); // and left no empty folder (item 15)
        Assert.Equal(24, new VideoGenerator(new FakeRenderer(), options with { Frames = 24 }).Render(new long[] { 0 }, 0).Video.Count);
    }
}
