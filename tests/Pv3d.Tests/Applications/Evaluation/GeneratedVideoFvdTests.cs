using Pv3d.Applications.Evaluation;
using Pv3d.Data;
using Pv3d.Rendering.Cameras;
using Pv3d.Tests.Applications.Generation;
using Pv3d.Tests.Checkpoints;
using Pv3d.Tests.Video;

namespace Pv3d.Tests.Applications.Evaluation;

/// <summary>
/// Issue 17: the generated side of FVD takes its cameras from a dataset folder as the official evaluation does
/// (<c>generating_loop</c> → <c>VoxCelebDataset.get_label</c>: a random clip, offset = randint(max(1, total − n − 1)),
/// indices past the end read the last camera), and <c>--frames</c> sets the frames per generated video.
/// </summary>
[Collection(GlobalRandomCollection.Name)]
public sealed class GeneratedVideoFvdTests(TinyCheckpointFixture fx) : IClassFixture<TinyCheckpointFixture>, IDisposable
{
    private readonly string _dir = TestFrames.TempDir();

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    // Clip k frame f looks from yaw 0.01 * (100 k + f): every camera of the dataset is different.
    private static readonly int[] ClipLengths = { 20, 5, 30 };

    private static Camera CameraOf(int clip, int frame) => LookAtCamera.Create(0.01 * (100 * clip + frame) - 0.5, 0.1);

    private string MakeDataset()
    {
        var root = Path.Combine(_dir, "data");
        var layout = new DatasetLayout(root);
        layout.CreateFolders();
        var entries = ClipLengths.Select((_, k) => DatasetLayout.EntryFor($"clip{k}")).ToList();
        layout.WriteList(entries);
        for (var k = 0; k < ClipLengths.Length; k++)
            ClipCameras.Write(layout.CameraPath(entries[k]), Enumerable.Range(0, ClipLengths[k]).Select(f => CameraOf(k, f).Values.ToArray()).ToList());
        return root;
    }

    [Fact]
    public void DatasetCamerasAreRunsOfOneClipDrawnAsTheOfficialGetLabel()
    {
        var cameras = FvdCameras.FromDataset(MakeDataset());
        const int n = 16;
        var rng = new Random(7);
        var replay = new Random(7); // the official order of draws: the clip, then the offset
        var used = new HashSet<int>();
        for (var v = 0; v < 60; v++)
        {
            var clip = cameras.Clip(rng, n);
            Assert.Equal(n, clip.Count);
            var k = replay.Next(0, ClipLengths.Length);
            var total = ClipLengths[k];
            var offset = replay.Next(0, Math.Max(1, total - n - 1));
            Assert.InRange(offset, 0, Math.Max(0, total - n - 2));
            for (var i = 0; i < n; i++)
                Assert.Equal(CameraOf(k, Math.Min(offset + i, total - 1)).Values, clip[i].Values);
            used.Add(k);
        }
        Assert.Equal(3, used.Count);
    }

    [Fact]
    public void GeneratedVideosUseTheDrawnCamerasMapWithTheFirstAndSpanTheRequestedFrames()
    {
        var cameras = FvdCameras.FromDataset(MakeDataset());
        var renderer = new FakeRenderer();
        var clip = cameras.Clip(new Random(3), 20);
        var video = GeneratedVideoFvd.Generate(renderer, 5, clip, 20);

        Assert.Equal(20, video.Count);
        Assert.Equal(new[] { 16, 4 }, renderer.BatchSizes);  // the official batch of 16, then the rest
        Assert.Equal(Enumerable.Range(0, 20).Select(i => (float)(i / 19.0)), renderer.Times, (a, b) => Math.Abs(a - b) < 1e-6);
        Assert.Equal(clip.Select(c => c.Values.ToArray()), renderer.RenderCameras);
        var mapping = renderer.MappingCameras.Single();
        for (var row = 0; row < mapping.Length / 25; row++) Assert.Equal(clip[0].Values, mapping[(row * 25)..((row + 1) * 25)]);
    }

    [Fact]
    public void FramesAndCameraSourcesAreCheckedBeforeAnythingRuns()
    {
        Assert.Throws<Pv3dException>(() => GeneratedVideoFvd.CheckFrames(15));
        Assert.Throws<Pv3dException>(() => GeneratedVideoFvd.CheckFrames(GeneratedVideoFvd.MaxFrames + 1));
        GeneratedVideoFvd.CheckFrames(16);
        var path = Path.Combine(_dir, "short.json");
        CameraFile.Save(path, Enumerable.Range(0, 17).Select(i => new NamedCamera($"{i}.png", CameraOf(0, i))).ToList());
        FvdCameras.FromFile(path).Check(17);
        Assert.Contains("17 cameras", Assert.Throws<Pv3dException>(() => FvdCameras.FromFile(path).Check(18)).Message);
        Assert.Contains("video list not found", Assert.Throws<Pv3dException>(() => FvdCameras.FromDataset(_dir)).Message);

        var stats = MetricsStats();
        Assert.Equal(2, Pv3d.Cli.Program.Main(["evaluate", "fvd", "--real", stats, "--checkpoint", fx.CheckpointPath, "--frames", "8"]));
        Assert.Equal(2, Pv3d.Cli.Program.Main(["evaluate", "fvd", "--real", stats, "--fake", stats, "--data", MakeDataset()]));
    }

    private static string MetricsStats() => Pv3d.Tests.Metrics.MetricsFixtures.Path(Pv3d.Tests.Metrics.MetricsFixtures.VoxCelebPickle);
}
