using System.Numerics;
using Pv3d.Applications.GroundTruth;
using Pv3d.Applications.Inversion;
using Pv3d.Data.Synthetic;
using Pv3d.Rendering;
using Pv3d.Rendering.Cameras;
using Pv3d.Tests.Video;
using Pv3d.Torch;

namespace Pv3d.Tests.Applications;

/// <summary>
/// The pieces of the ground-truth benchmark: the true depth is the generator's kind of depth (distance along its own
/// rays), the novel cameras sit where they should, the metrics of the truth against itself are perfect, and a tiny run of
/// the benchmark (1 clip, 2 frames, 2 steps on a tiny random model) fills its tables and pictures.
/// </summary>
[Collection(GlobalRandomCollection.Name)]
public class GroundTruthTests : IDisposable
{
    private static readonly Vector3 Grey = new(0.8f, 0.8f, 0.8f);
    private static readonly Vector3 Blue = new(0.2f, 0.4f, 0.6f);
    private readonly string _dir = TestFrames.TempDir();

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Fact]
    public void TrueDepthIsTheDistanceAlongTheGeneratorsOwnRays()
    {
        const int size = 16;
        var centre = new Vector3(0.04f, -0.02f, 0.2f);
        const float r = 0.25f;
        var scene = new SphereScene(centre, r, Grey, Blue);
        var cameras = new[] { Camera.Canonical, GroundTruthViews.NovelCamera(30) };
        using var scope = TensorScope.Enter();
        var depth = GroundTruthViews.Depth(new ISdfScene[] { scene, scene }, cameras, size);
        Assert.Equal(new long[] { 2, 1, size, size }, depth.Shape);
        var values = depth.ToArray<float>();

        // The rays the generator renders depth along (its ray sampler), intersected with the sphere in closed form.
        var c = Camera.ToTensor(cameras);
        var (origins, directions) = new RaySampler().Forward(c.Narrow(1, 0, 16).Reshape(2, 4, 4), c.Narrow(1, 16, 9).Reshape(2, 3, 3), size);
        var o = origins.ToArray<float>();
        var d = directions.ToArray<float>();
        int hits = 0, misses = 0, notZ = 0;
        for (var f = 0; f < 2; f++)
        for (var m = 0; m < size * size; m++)
        {
            var i = f * size * size + m;
            var origin = new Vector3(o[3 * i], o[3 * i + 1], o[3 * i + 2]);
            var dir = new Vector3(d[3 * i], d[3 * i + 1], d[3 * i + 2]);
            var b = Vector3.Dot(origin - centre, dir);
            var disc = b * b - ((origin - centre).LengthSquared() - r * r);
            var value = values[i]; // frame f, ray m = row · R + column, as the generator lays out [F, 1, R, R]
            if (disc > 0.1f * r * r)
            {
                var t = -b - MathF.Sqrt(disc);
                // The tracer stops within 2e-4 · (1 + t) of the surface, which is up to ~2e-3 along a ray this oblique.
                Assert.InRange(value, t - 3e-3f, t + 1e-4f);
                var forward = cameras[f].Axis(2);
                var z = t * Vector3.Dot(dir, new Vector3((float)forward.X, (float)forward.Y, (float)forward.Z));
                if (t - z > 1e-3f) notZ++;
                hits++;
            }
            else if (disc < -1e-3f)
            {
                Assert.Equal(float.PositiveInfinity, value);
                misses++;
            }
        }
        Assert.True(hits > 40 && misses > 40, $"{hits} hits, {misses} misses");
        Assert.True(notZ > 10, "off-centre pixels must differ from a z-buffer depth (the generator's depth is along the ray)");
    }

    [Theory]
    [InlineData(-30)]
    [InlineData(30)]
    public void NovelCamerasHaveTheirYawAndLookAtTheHead(double yaw)
    {
        Assert.Contains(yaw, GroundTruthViews.NovelYawsDegrees);
        var camera = GroundTruthViews.NovelCamera(yaw);
        var p = camera.Position;
        Assert.Equal(yaw, Math.Atan2(p.X, p.Z) * 180 / Math.PI, 4); // cameras hold float32
        Assert.Equal(0, p.Y, 5); // pitch 0
        Assert.Equal(2.7, Math.Sqrt(p.X * p.X + p.Y * p.Y + p.Z * p.Z), 5);
        var toHead = (LookAtCamera.DefaultLookAt - p).Normalized();
        var forward = camera.Axis(2);
        Assert.Equal(1, forward.X * toHead.X + forward.Y * toHead.Y + forward.Z * toHead.Z, 5);
        Assert.Equal(Camera.Canonical.K(0, 0), camera.K(0, 0), 6);
    }

    [Fact]
    public void TheTruthAgainstItselfScoresPerfectlyAndAnOffsetShows()
    {
        var clip = SyntheticClip.Sample(1000, 0);
        var scenes = new[] { GroundTruthViews.Scene(clip, 0), GroundTruthViews.Scene(clip, 0.5) };
        var cameras = new[] { clip.CameraAt(0), GroundTruthViews.NovelCamera(-30) };
        using var scope = TensorScope.Enter();
        var images = GroundTruthViews.Images(GroundTruthViews.Frames(scenes, cameras, 32));
        var same = FitMetrics.Measure(images, images);
        Assert.All(same.Psnr, p => Assert.True(p > 100, $"PSNR {p} of identical images")); // exact: 8-bit truth survives the metric's quantisation
        Assert.All(same.Ssim, s => Assert.Equal(1, s, 5));
        var off = FitMetrics.Measure((images + 4.0 / 255).Clamp(-1, 1), images);
        Assert.All(off.Psnr, p => Assert.InRange(p, 30, 60));

        var depth = GroundTruthViews.Depth(scenes, cameras, 16);
        var truthValues = depth.ToArray<float>();
        var foreground = truthValues.Count(float.IsFinite);
        Assert.InRange(foreground, 50, truthValues.Length - 50);
        var exact = DepthError.Measure(depth, depth);
        Assert.Equal(0, exact.MeanAbsolute);
        Assert.Equal(foreground, exact.Pixels);
        // 0.1 deeper on the head, anything off it: only the foreground counts.
        var shifted = Tensor.Where(depth.IsInf(), Tensor.FullLike(depth, 1000.0), depth + 0.1);
        var e = DepthError.Measure(shifted, depth);
        Assert.Equal(0.1, e.MeanAbsolute, 4);
        Assert.Equal(0.1, e.RootMeanSquare, 4);
        var pooled = DepthError.Pool(new[] { e, new DepthError(0.4, 0.4, foreground) });
        Assert.Equal(0.25, pooled.MeanAbsolute, 4);

        // The flat reference: per view, |depth − the view's median foreground depth| over the foreground.
        double sum = 0;
        for (var view = 0; view < 2; view++)
        {
            var fg = truthValues.Skip(view * 256).Take(256).Where(float.IsFinite).ToArray();
            var median = fg.Order().ElementAt(fg.Length / 2);
            sum += fg.Sum(v => Math.Abs(v - median));
        }
        var flat = DepthError.FlatReference(depth);
        Assert.Equal(sum / foreground, flat.MeanAbsolute, 5);
        Assert.InRange(flat.MeanAbsolute, 0.01, 0.3); // a head is not flat, but not deep either
    }

    [Fact]
    public void HeldOutClipsCannotUseTheTrainingSeed()
    {
        var error = Assert.Throws<Pv3dException>(() => new GroundTruthOptions { DataSeed = GroundTruthOptions.TrainingDataSeed }.Validate());
        Assert.Contains("DataSeed", error.Message);
    }

    [Fact]
    public void ATinyRunFillsTheTablesAndPicturesAndLeavesTheModelUntouched()
    {
        var model = TinyModel.Write(_dir);
        var before = File.ReadAllBytes(model);
        var projector = new ProjectorOptions { Steps = 2, TuneSteps = 2, WAvgSamples = 32 };
        var options = new GroundTruthOptions { Clips = 1, Frames = 2, Inversion = projector, Reconstruction = projector with { FramesPerStep = 2 }, FigureFrames = 2 };
        var result = GroundTruthBenchmark.Run(model, options);

        Assert.False(result.Interrupted);
        var clip = Assert.Single(result.Clips);
        foreach (var task in new[] { clip.Inversion, clip.Reconstruction })
        {
            Assert.NotNull(task.After);
            Assert.Equal((2, 2), (task.Steps, task.TuneSteps));
            Assert.True(task.SecondsPerStep > 0 && task.SecondsPerTuneStep > 0 && task.OptimisationSeconds > 0);
            foreach (var v in new[] { task.Before, task.After! })
            {
                Assert.All(v.Input.Psnr.Concat(v.Novel.Psnr), p => Assert.InRange(p, 1, 60));
                Assert.True(v.InputDepth.Pixels > 0 && double.IsFinite(v.InputDepth.MeanAbsolute));
                Assert.True(v.NovelDepth.Pixels > 0 && double.IsFinite(v.NovelDepth.MeanAbsolute));
            }
        }
        Assert.Single(clip.Inversion.Before.Input.Psnr);
        Assert.Equal(2, clip.Inversion.Before.Novel.Psnr.Length);
        Assert.Equal(2, clip.Reconstruction.Before.Input.Psnr.Length);
        Assert.Equal(4, clip.Reconstruction.Before.Novel.Psnr.Length);
        Assert.Equal(before, File.ReadAllBytes(model)); // tuning works on a loaded copy

        var markdown = GroundTruthReport.Markdown(result, "tiny random model");
        Assert.Contains("| inversion (frame 0, t = 0) | none |", markdown);
        Assert.Contains("| reconstruction (2 frames) | 2 steps |", markdown);
        Assert.Contains("synth_00000", markdown);
        Assert.Contains("| reference: a flat plane at each view's true median depth |", markdown);
        Assert.True(clip.FlatDepth.Input.Pixels > 0 && clip.FlatDepth.Novel.Pixels > 0);

        // Inversion: one row of 9 cells (still, before, after, then truth/before/after at −30° and +30°), 2 px apart, doubled.
        var inversion = GroundTruthFigures.Inversion(result)!;
        Assert.Equal(((32 + 2) * 1 + 2) * 2, inversion.Height);
        Assert.Equal(((32 + 2) * 9 + 2) * 2, inversion.Width);
        // Reconstruction: 5 rows (input, before, after, truth +30°, after +30°) of 2 frames.
        var reconstruction = GroundTruthFigures.Reconstruction(result)!;
        Assert.Equal(((32 + 2) * 5 + 2) * 2, reconstruction.Height);
        Assert.Equal(((32 + 2) * 2 + 2) * 2, reconstruction.Width);
        Assert.Equal(clip.TruthFrames.Pixel(0, 5, 7), inversion.Pixel(0, (2 + 5) * 2 + 1, (2 + 7) * 2));
    }
}
