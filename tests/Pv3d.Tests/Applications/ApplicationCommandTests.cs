using System.Text.Json;
using Pv3d.Applications.Generation;
using Pv3d.Applications.Inversion;
using Pv3d.Checkpoints;
using Pv3d.Rendering.Cameras;
using Pv3d.Tests.Video;
using Pv3d.Torch;
using Pv3d.Torch.IO;
using Pv3d.Video;

namespace Pv3d.Tests.Applications;

/// <summary>
/// The application commands' contracts on a tiny random model whose own renderings are the inputs: invert, animate,
/// reconstruct, edit, retarget, and the bad inputs that must give exit code 2.
/// </summary>
[Collection(GlobalRandomCollection.Name)]
public class ApplicationCommandTests : IDisposable
{
    private const int Size = 32;
    private readonly string _dir = TestFrames.TempDir();
    private readonly string _checkpoint;

    public ApplicationCommandTests() => _checkpoint = TinyModel.Write(_dir);

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private string P(string name) => Path.Combine(_dir, name);

    /// <summary>Frames of the model itself for seed 7 at the given cameras and times, written as a PNG or MP4.</summary>
    private void WriteModelFrames(string path, IReadOnlyList<Camera> cameras, float[] times)
    {
        using var loaded = CheckpointLoader.LoadGenerator(_checkpoint);
        using var scope = TensorScope.Enter();
        using var noGrad = Pv3d.Torch.Autograd.NoGrad();
        var (z, zMotion) = SeededLatents.For(7, 512, 512);
        var ws = loaded.Generator.Mapping(z, Camera.ToTensor(new[] { Camera.Canonical }));
        var frames = new CodeRenderer(loaded.Generator).RenderFrames(ws, zMotion, Tensor.FromArray(times, times.Length), Camera.ToTensor(cameras));
        if (path.EndsWith(".png")) VideoWriter.WritePng(path, frames);
        else VideoWriter.WriteMp4(path, frames, crf: 0);
    }

    private static string[] Fit(params string[] args) => args.Concat(new[] { "--w-avg-samples", "64", "--threads", "2" }).ToArray();

    /// <summary>Runs the CLI and checks its exit code, showing its error output when the code differs.</summary>
    private static void AssertExit(int expected, string[] args)
    {
        var error = new StringWriter();
        var previous = Console.Error;
        Console.SetError(error);
        int code;
        try
        {
            code = Pv3d.Cli.Program.Main(args);
        }
        finally
        {
            Console.SetError(previous);
        }
        Assert.True(expected == code, $"pv3d {string.Join(' ', args)} exited {code}, expected {expected}: {error}");
    }

    private static JsonElement Json(string path) => JsonDocument.Parse(File.ReadAllText(path)).RootElement;

    [Fact]
    public void InvertWritesLatentsImageAndMetricsDeterministicallyAndImprovesOnTheStart()
    {
        var yawed = LookAtCamera.Create(0.2, 0.1);
        WriteModelFrames(P("still.png"), new[] { yawed }, new[] { 0f });
        CameraFile.Save(P("still.json"), new[] { new NamedCamera("still.png", yawed) });

        string[] Invert(string outDir, int steps, string space = "w+") =>
            Fit("invert", "--checkpoint", _checkpoint, "--image", P("still.png"), "--camera", P("still.json"), "--out", outDir,
                "--steps", steps.ToString(), "--space", space, "--seed", "3");
        AssertExit(0, (Invert(P("inv0"), 0)));
        AssertExit(0, (Invert(P("inv"), 12)));
        AssertExit(0, (Invert(P("inv-again"), 12)));

        using var scope = TensorScope.Enter();
        var latents = Npz.Load(P("inv/latents.npz"));
        Assert.Equal(new long[] { 1, 8, 512 }, latents["ws"].Shape); // the tiny 32² backbone takes 8 ws
        Assert.Equal(new long[] { 1, 25 }, latents["c"].Shape);
        Assert.Equal(yawed.Values.ToArray(), latents["c"].ToArray<float>());
        Assert.Equal(latents["ws"].ToArray<float>(), Npz.Load(P("inv-again/latents.npz"))["ws"].ToArray<float>());
        var info = VideoReader.Probe(P("inv/inversion.png"));
        Assert.Equal((Size, Size), (info.Width, info.Height));
        var start = Json(P("inv0/metrics.json"));
        var fitted = Json(P("inv/metrics.json"));
        Assert.True(fitted.GetProperty("psnr").GetDouble() > start.GetProperty("psnr").GetDouble(),
            $"psnr {fitted.GetProperty("psnr")} after 12 steps vs {start.GetProperty("psnr")} at w_avg");
        Assert.InRange(fitted.GetProperty("ssim").GetDouble(), 0, 1);

        // W: one w repeated for every layer.
        AssertExit(0, (Invert(P("inv-w"), 2, "w")));
        var ws = Npz.Load(P("inv-w/latents.npz"))["ws"];
        Assert.True(ws.Select(1, 0).Equal(ws.Select(1, 7)));
    }

    [Fact]
    public void PivotalTuningWritesAGeneratorThatTheLatentsNameAndThatRendersCloser()
    {
        WriteModelFrames(P("still.png"), new[] { Camera.Canonical }, new[] { 0f });
        AssertExit(0, (Fit("invert", "--checkpoint", _checkpoint, "--image", P("still.png"), "--camera", "frontal", "--out", P("pti"),
            "--steps", "2", "--tune-generator", "3")));
        using var scope = TensorScope.Enter();
        var bytes = Npz.Load(P("pti/latents.npz"))["tuned_generator"].ToArray<byte>();
        var tuned = System.Text.Encoding.UTF8.GetString(bytes);
        Assert.Equal(Path.GetFullPath(P("pti/tuned_generator.safetensors")), tuned);
        using var a = CheckpointLoader.LoadGenerator(_checkpoint);
        using var b = CheckpointLoader.LoadGenerator(tuned);
        var changed = a.Generator.NamedParameters().Zip(b.Generator.NamedParameters()).Count(p => !p.First.Parameter.Equal(p.Second.Parameter));
        Assert.True(changed > 0);
        Assert.Equal(3, Json(P("pti/metrics.json")).GetProperty("tune_steps").GetInt32());
    }

    [Fact]
    public void InvertWithoutACameraAlignsARawPhotoAndInvertsTheCropWithItsEstimatedCamera()
    {
        AssertExit(0, (Fit("invert", "--checkpoint", _checkpoint, "--image", Pv3d.Tests.Faces.FaceFixtures.AstronautPath, "--out", P("raw"), "--steps", "1")));
        var aligned = VideoReader.Probe(P("raw/aligned.png"));
        Assert.Equal((512, 512), (aligned.Width, aligned.Height)); // aligned at max(512, the model's 32)
        var estimated = Assert.Single(CameraFile.Load(P("raw/aligned_camera.json"))).Camera;
        using (var scope = TensorScope.Enter())
            Assert.Equal(estimated.Values.ToArray(), Npz.Load(P("raw/latents.npz"))["c"].ToArray<float>());
        Assert.Equal((Size, Size), (VideoReader.Probe(P("raw/inversion.png")).Width, VideoReader.Probe(P("raw/inversion.png")).Height));

        // A model rendering has no face the detector finds: without --camera that is an error that names the fix.
        WriteModelFrames(P("render.png"), new[] { Camera.Canonical }, new[] { 0f });
        var error = new StringWriter();
        var previous = Console.Error;
        Console.SetError(error);
        try
        {
            Assert.Equal(2, Pv3d.Cli.Program.Main(Fit("invert", "--checkpoint", _checkpoint, "--image", P("render.png"), "--out", P("r"), "--steps", "1")));
        }
        finally
        {
            Console.SetError(previous);
        }
        Assert.Contains("--camera", error.ToString());
    }

    [Fact]
    public void ReconstructEditRetargetAndAnimateWriteTheirContracts()
    {
        var cameras = new[] { LookAtCamera.Create(-0.2, 0), Camera.Canonical, LookAtCamera.Create(0.2, 0.05) };
        WriteModelFrames(P("clip.mp4"), cameras, new[] { 0f, 0.5f, 1f });
        CameraFile.Save(P("clip.json"), cameras.Select((c, i) => new NamedCamera($"{i}", c)).ToArray());
        AssertExit(0, (Fit("reconstruct", "--checkpoint", _checkpoint, "--video", P("clip.mp4"), "--cameras", P("clip.json"),
            "--out", P("rec"), "--steps", "3", "--frames-per-step", "2")));

        using (var scope = TensorScope.Enter())
        {
            var latents = Npz.Load(P("rec/latents.npz"));
            Assert.Equal(new long[] { 1, 8, 512 }, latents["ws"].Shape);
            Assert.Equal(new long[] { 3, 4, 512 }, latents["z_motion_plus"].Shape); // b4, b8, b16, b32 have motion layers
            Assert.Equal(new[] { 0f, 0.5f, 1f }, latents["t"].ToArray<float>());
            Assert.Equal(new long[] { 3, 25 }, latents["c"].Shape);
            Assert.Equal(cameras[2].Values.ToArray(), latents["c"].Select(0, 2).ToArray<float>());
        }
        var rec = VideoReader.Probe(P("rec/reconstruction.mp4"));
        Assert.Equal((Size, Size, 3), (rec.Width, rec.Height, rec.FrameCount));
        var multi = VideoReader.Probe(P("rec/multiview.mp4"));
        Assert.Equal((3 * Size, Size, 3), (multi.Width, multi.Height, multi.FrameCount));
        var metrics = Json(P("rec/metrics.json"));
        Assert.Equal(3, metrics.GetProperty("psnr_per_frame").GetArrayLength());
        Assert.Equal(metrics.GetProperty("psnr_per_frame").EnumerateArray().Average(e => e.GetDouble()), metrics.GetProperty("psnr").GetDouble(), 3);

        AssertExit(0, (["edit", "--checkpoint", _checkpoint, "--latents", P("rec/latents.npz"), "--motion-seed", "5", "--out", P("edit")]));
        var edit = VideoReader.Probe(P("edit/edited.mp4"));
        Assert.Equal((Size, Size, 3), (edit.Width, edit.Height, edit.FrameCount));
        Assert.True(File.Exists(P("edit/edited.gif")), "edited.gif");

        // The retarget of a reconstruction onto itself re-renders the reconstruction.
        AssertExit(0, (["retarget", "--checkpoint", _checkpoint, "--source", P("rec/latents.npz"), "--target", P("rec/latents.npz"), "--out", P("ret")]));
        var retargetDiff = TestFrames.MeanAbsDifference(VideoReader.Read(P("rec/reconstruction.mp4")), VideoReader.Read(P("ret/retargeted.mp4")));
        Assert.True(retargetDiff < 1.5, $"retarget onto itself differs from the reconstruction by {retargetDiff}");
        Assert.Equal((3 * Size, 3), (VideoReader.Probe(P("ret/multiview.mp4")).Width, VideoReader.Probe(P("ret/multiview.mp4")).FrameCount));

        AssertExit(0, (["animate", "--checkpoint", _checkpoint, "--latents", P("rec/latents.npz"), "--out", P("anim"),
            "--motion-seeds", "1-2", "--frames", "2", "--camera-path", "yaw-sweep"]));
        foreach (var s in new[] { "seed0001", "seed0002" })
        foreach (var suffix in new[] { ".mp4", ".gif", "_grid.png", "_grid.mp4", "_depth.mp4" })
            Assert.True(File.Exists(P($"anim/{s}{suffix}")), $"{s}{suffix}");
        // Different motion seeds, same person: in the lossless grid images the t = 0 column (where motion has no effect)
        // is the same for both seeds.
        var g1 = VideoReader.Read(P("anim/seed0001_grid.png"));
        var g2 = VideoReader.Read(P("anim/seed0002_grid.png"));
        Assert.Equal((2 * Size, 3 * Size), (g1.Width, g1.Height));
        var maxDiff = 0;
        for (var y = 0; y < g1.Height; y++)
            for (var x = 0; x < Size; x++)
            {
                var (r1, gr1, b1) = g1.Pixel(0, y, x);
                var (r2, gr2, b2) = g2.Pixel(0, y, x);
                maxDiff = Math.Max(maxDiff, Math.Max(Math.Abs(r1 - r2), Math.Max(Math.Abs(gr1 - gr2), Math.Abs(b1 - b2))));
            }
        Assert.True(maxDiff <= 1, $"t = 0 frames of two motion seeds differ by up to {maxDiff} levels");
    }

    [Fact]
    public void BadInputsAreUserErrors()
    {
        // Unreadable image.
        File.WriteAllText(P("broken.png"), "not an image");
        AssertExit(2, (Fit("invert", "--checkpoint", _checkpoint, "--image", P("broken.png"), "--camera", "frontal", "--out", P("x"), "--steps", "1")));
        // An image that is not square.
        VideoWriter.WritePng(P("wide.png"), new RgbFrames(1, 24, 32));
        AssertExit(2, (Fit("invert", "--checkpoint", _checkpoint, "--image", P("wide.png"), "--camera", "frontal", "--out", P("x"), "--steps", "1")));
        // A video with one frame.
        VideoWriter.WriteMp4(P("one.mp4"), new RgbFrames(1, Size, Size));
        CameraFile.Save(P("one.json"), new[] { new NamedCamera("0", Camera.Canonical) });
        AssertExit(2, (Fit("reconstruct", "--checkpoint", _checkpoint, "--video", P("one.mp4"), "--cameras", P("one.json"), "--out", P("x"))));
        // Camera count not matching the frame count.
        VideoWriter.WriteMp4(P("three.mp4"), new RgbFrames(3, Size, Size));
        CameraFile.Save(P("two.json"), new[] { new NamedCamera("0", Camera.Canonical), new NamedCamera("1", Camera.Canonical) });
        AssertExit(2, (Fit("reconstruct", "--checkpoint", _checkpoint, "--video", P("three.mp4"), "--cameras", P("two.json"), "--out", P("x"))));
        // Latents of another model (5 ws; this one takes 8).
        using (var scope = TensorScope.Enter())
        using (var other = new Latents(Tensor.Zeros(1, 5, 512), Tensor.Zeros(2, 25), Tensor.Zeros(2, 4, 512), Tensor.Zeros(2)))
            other.Save(P("other.npz"));
        AssertExit(2, (["edit", "--checkpoint", _checkpoint, "--latents", P("other.npz"), "--motion-seed", "1", "--out", P("x")]));
        AssertExit(2, (["retarget", "--checkpoint", _checkpoint, "--source", P("other.npz"), "--target", P("other.npz"), "--out", P("x")]));
        AssertExit(2, (["animate", "--checkpoint", _checkpoint, "--latents", P("other.npz"), "--out", P("x")]));
        // Bad option values.
        AssertExit(2, (Fit("invert", "--checkpoint", _checkpoint, "--image", P("wide.png"), "--camera", "frontal", "--out", P("x"), "--space", "z")));
    }
}
