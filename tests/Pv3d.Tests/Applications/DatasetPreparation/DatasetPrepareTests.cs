using Pv3d.Data;
using Pv3d.Faces;
using Pv3d.Faces.Camera;
using Pv3d.Applications.DatasetPreparation;
using Pv3d.Tests.Faces;
using Pv3d.Torch;
using Pv3d.Video;

namespace Pv3d.Tests.Applications.DatasetPreparation;

/// <summary>
/// <c>pv3d dataset prepare</c>'s pipeline on a real-photo "video" (a crop window moving over the photo) and a bad
/// video, read back by the training dataset reader; resuming skips the finished clip; verification drops clips.
/// </summary>
public sealed class DatasetPrepareTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("pv3d-prepare-").FullName;

    public void Dispose() => Directory.Delete(_dir, true);

    /// <summary>6 frames of a 320² window sliding right and down over the 512² photo.</summary>
    private string WritePanningClip(string folder)
    {
        using var scope = TensorScope.Enter();
        var photo = FaceFixtures.Astronaut();
        var frames = new List<RgbFrames>();
        for (var t = 0; t < 6; t++)
            frames.Add(FaceImage.ToFrames(photo.Narrow(2, 2 * t, 320).Narrow(3, 40 + 6 * t, 320)));
        var path = Path.Combine(folder, "pan.mp4");
        VideoWriter.WriteMp4(path, RgbFrames.Concat(frames), 25);
        return path;
    }

    [Fact]
    public void PhotoVideoBecomesADatasetTheTrainerReads()
    {
        var videos = Directory.CreateDirectory(Path.Combine(_dir, "videos")).FullName;
        WritePanningClip(videos);
        using (var scope = TensorScope.Enter())
            VideoWriter.WriteMp4(Path.Combine(videos, "blank.mp4"), FaceImage.ToFrames(Tensor.Full([1, 3, 64, 64], 100).Expand(6, 3, 64, 64).Contiguous()), 25);
        var options = new DatasetPrepareOptions { Videos = videos, OutputDir = Path.Combine(_dir, "data"), Size = 64, Fps = 0, MinFrames = 6 };
        var preparer = new DatasetPreparer(SharedFaces.Analyzer);
        var summary = preparer.Run(options);
        var pan = summary.Videos.Single(v => v.Name == "pan");
        var blank = summary.Videos.Single(v => v.Name == "blank");
        Assert.Equal("kept", pan.Outcome);
        Assert.Equal("failed", blank.Outcome);
        Assert.Contains("no face", blank.Detail);
        Assert.Equal(new[] { "pan.mp4" }, summary.ListEntries);

        // The training reader accepts it: frame pairs [2, 3, 64, 64] with their cameras.
        var dataset = new VideoDataset(options.OutputDir, new VideoDatasetOptions { Resolution = 64 });
        Assert.Equal(1, dataset.Count);
        using (var scope = TensorScope.Enter())
        using (var item = dataset.GetItem(0, new DataRandom(3)))
        {
            Assert.Equal(new long[] { 2, 3, 64, 64 }, item.Frames.Shape);
            Assert.Equal(new long[] { 2, 25 }, item.Cameras.Shape);
        }
        var cameras = Pv3d.Rendering.Cameras.CameraFile.Load(new DatasetLayout(options.OutputDir).CameraPath("pan.mp4"));
        Assert.Equal(6, cameras.Count);
        Assert.All(cameras, c => Assert.Equal(2.7, (HeadPoseCamera.Pivot - c.Camera.Position).Length, 3));
        // A panning window over a still photo: the head does not turn, so the smoothed cameras barely move.
        var yaws = cameras.Select(c => HeadPoseCamera.YawDegrees(c.Camera)).ToList();
        Assert.True(yaws.Max() - yaws.Min() < 3, $"yaw range {yaws.Min():0.0}..{yaws.Max():0.0}°");

        // Resuming skips the finished clip and still lists it.
        var again = preparer.Run(options);
        Assert.Equal("done before", again.Videos.Single(v => v.Name == "pan").Outcome);
        Assert.Equal(new[] { "pan.mp4" }, again.ListEntries);
    }

    [Fact]
    public void VerificationDropsClipsWhoseFramesAreNotOnePerson()
    {
        var rng = new Random(5);
        float[] Near(float[] c, double spread) => c.Select(v => (float)(v + spread * (rng.NextDouble() - 0.5))).ToArray();
        var person = Enumerable.Range(0, 128).Select(_ => (float)(rng.NextDouble() * 0.4 - 0.2)).ToArray();
        var other = Enumerable.Range(0, 128).Select(_ => (float)(rng.NextDouble() * 0.4 - 0.2)).ToArray();
        var options = new DatasetPrepareOptions { Videos = _dir, OutputDir = _dir };
        var same = Enumerable.Range(0, 10).Select(_ => Near(person, 0.02)).ToList();
        Assert.True(DatasetPreparer.Verify(same, options).Passed);
        var mixed = same.Take(5).Concat(Enumerable.Range(0, 5).Select(_ => Near(other, 0.02))).ToList();
        var (passed, detail) = DatasetPreparer.Verify(mixed, options);
        Assert.False(passed, detail);
        Assert.False(DatasetPreparer.Verify(same, options with { IdentityThreshold = 1e-6 }).Passed);
    }

    [Fact]
    public void SmoothingKeepsConstantsAndRotations()
    {
        var frames = Enumerable.Range(0, 7).Select(t => new double[,] { { t == 3 ? 10.0 : 1.0, 2 } }).ToList();
        var s = TemporalSmoothing.Smooth(frames, 1);
        Assert.Equal(2, s[0][0, 1], 12);
        Assert.True(s[3][0, 0] < 10 && s[3][0, 0] > 1 && s[2][0, 0] > 1, "the spike spreads to its neighbours");
        Assert.Equal(frames.Sum(f => f[0, 0]), s.Sum(f => f[0, 0]), 0);  // about the same mass (borders renormalise)
        var rot = PerspectivePnp.Rodrigues(new Pv3d.Rendering.Cameras.Vec3(0.1, 0.4, -0.2));
        var smoothed = TemporalSmoothing.SmoothRotations(new[] { rot, rot, rot }, 2);
        for (var i = 0; i < 3; i++) for (var j = 0; j < 3; j++) Assert.Equal(rot[i, j], smoothed[1][i, j], 9);
    }
}
