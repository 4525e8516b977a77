using Pv3d.Applications.DatasetPreparation;
using Pv3d.Data;
using Pv3d.Data.Synthetic;
using Pv3d.Faces;
using Pv3d.Faces.Alignment;
using Pv3d.Faces.Camera;
using Pv3d.Rendering.Cameras;
using Pv3d.Tests.Faces;
using Pv3d.Torch;
using Pv3d.Video;
using Xunit.Abstractions;

namespace Pv3d.Tests.Applications.DatasetPreparation;

/// <summary>
/// <c>pv3d dataset prepare</c> against ground truth: synthetic heads (whose 68 landmarks and cameras are known) are
/// rendered, composited into larger frames at moving offsets and scales, and prepared with their ground-truth landmarks
/// (<see cref="DatasetPrepareOptions.Landmarks"/>: face-api's detector does not find the cartoon heads). The crops must
/// be the heads' own renders cut out in the training framing (the composite undone) and the cameras the rendering ones.
/// </summary>
public sealed class SyntheticRoundTripTests : IDisposable
{
    private const int Render = 128, Width = 320, Height = 240, Frames = 10, Size = 128;
    private readonly string _dir = Directory.CreateTempSubdirectory("pv3d-synth-prepare-").FullName;
    private readonly ITestOutputHelper _output;

    public SyntheticRoundTripTests(ITestOutputHelper output) => _output = output;

    public void Dispose() => Directory.Delete(_dir, true);

    private sealed record Clip(RgbFrames Renders, double[][,] RenderLandmarks, Camera[] Cameras);

    /// <summary>A head seen by a camera turning from yaw −20° to +15° and pitch −6° to +8° (neutral face, no nod).</summary>
    private static Clip RenderHead(int index)
    {
        var head = SyntheticClip.Sample(11, index).Head;
        var scene = new HeadScene(head, HeadState.Neutral);
        var renders = new RgbFrames(Frames, Render, Render);
        var landmarks = new double[Frames][,];
        var cameras = new Camera[Frames];
        for (var t = 0; t < Frames; t++)
        {
            var s = t / (Frames - 1.0);
            cameras[t] = LookAtCamera.Create((-20 + 35 * s) * Math.PI / 180, (-6 + 14 * s) * Math.PI / 180);
            SphereTracer.Render(scene, cameras[t], Render, Render, renders.Frame(t));
            var p = HeadPoseCamera.Project(cameras[t], head.Landmarks68(), Render);
            landmarks[t] = new double[68, 2];
            for (var i = 0; i < 68; i++) (landmarks[t][i, 0], landmarks[t][i, 1]) = p[i];
        }
        return new Clip(renders, landmarks, cameras);
    }

    /// <summary>
    /// Each render pasted into a Width x Height frame scaled by s and moved by (ox, oy) (bilinear; a grey ramp elsewhere):
    /// frame pixel x comes from render pixel (x − o) / s. Returns the frames and the landmarks mapped the same way.
    /// </summary>
    private static (RgbFrames Frames, double[][,] Landmarks) Composite(Clip clip)
    {
        var frames = new RgbFrames(Frames, Height, Width);
        var landmarks = new double[Frames][,];
        for (var t = 0; t < Frames; t++)
        {
            double s = 1.25 + 0.04 * t, ox = 20 + 9 * t, oy = 6 + 2 * t;
            var src = clip.Renders.Data;
            var offset = t * clip.Renders.FrameBytes;
            var dst = frames.Frame(t);
            for (var y = 0; y < Height; y++)
                for (var x = 0; x < Width; x++)
                {
                    double u = (x + 0.5 - ox) / s - 0.5, v = (y + 0.5 - oy) / s - 0.5;
                    for (var c = 0; c < 3; c++)
                    {
                        double value;
                        if (u < 0 || v < 0 || u > Render - 1 || v > Render - 1) value = 40 + 0.5 * x + c * 20;
                        else
                        {
                            int u0 = Math.Min((int)u, Render - 2), v0 = Math.Min((int)v, Render - 2);
                            double fu = u - u0, fv = v - v0;
                            double At(int r, int q) => src[offset + (r * Render + q) * 3 + c];
                            value = (1 - fv) * ((1 - fu) * At(v0, u0) + fu * At(v0, u0 + 1)) + fv * ((1 - fu) * At(v0 + 1, u0) + fu * At(v0 + 1, u0 + 1));
                        }
                        dst[(y * Width + x) * 3 + c] = (byte)Math.Clamp(Math.Round(value), 0, 255);
                    }
                }
            landmarks[t] = new double[68, 2];
            for (var i = 0; i < 68; i++)
            {
                landmarks[t][i, 0] = s * clip.RenderLandmarks[t][i, 0] + ox;
                landmarks[t][i, 1] = s * clip.RenderLandmarks[t][i, 1] + oy;
            }
        }
        return (frames, landmarks);
    }

    /// <summary>Mean absolute difference (levels) of two Size² frames over the central half of the crop (the face).</summary>
    private static double CentreDifference(ReadOnlySpan<byte> a, ReadOnlySpan<byte> b)
    {
        double sum = 0;
        var n = 0;
        for (var y = Size / 4; y < 3 * Size / 4; y++)
            for (var x = Size / 4; x < 3 * Size / 4; x++)
                for (var c = 0; c < 3; c++, n++)
                    sum += Math.Abs(a[(y * Size + x) * 3 + c] - b[(y * Size + x) * 3 + c]);
        return sum / n;
    }

    [Fact]
    public void CompositedSyntheticHeadsComeBackAsTheirOwnCropsAndCameras()
    {
        var videos = Directory.CreateDirectory(Path.Combine(_dir, "videos")).FullName;
        var marks = Directory.CreateDirectory(Path.Combine(_dir, "landmarks")).FullName;
        var clips = new[] { RenderHead(0), RenderHead(1) };
        for (var k = 0; k < clips.Length; k++)
        {
            var (frames, landmarks) = Composite(clips[k]);
            VideoWriter.WriteMp4(Path.Combine(videos, $"head{k}.mp4"), frames, 25, crf: 0);
            GivenLandmarks.Save(Path.Combine(marks, $"head{k}.json"), landmarks);
        }
        // Bad landmark input: a file with another frame count, and a video without a file.
        VideoWriter.WriteMp4(Path.Combine(videos, "short.mp4"), Composite(clips[0]).Frames, 25);
        GivenLandmarks.Save(Path.Combine(marks, "short.json"), clips[0].RenderLandmarks.Take(4).ToArray());
        VideoWriter.WriteMp4(Path.Combine(videos, "unmarked.mp4"), Composite(clips[1]).Frames, 25);

        // No temporal smoothing: the ground truth is exact per frame (the smoothing has its own tests). No pitch offset:
        // it corrects human faces, and these heads are the mean face's kind.
        var options = new DatasetPrepareOptions
        {
            Videos = videos, OutputDir = Path.Combine(_dir, "data"), Landmarks = marks, Size = Size, Fps = 0, MinFrames = 8,
            LandmarkSigma = 0, CameraSigma = 0, PitchOffset = 0,
        };
        var summary = new DatasetPreparer(SharedFaces.Analyzer).Run(options);
        foreach (var v in summary.Videos) _output.WriteLine($"{v.Name}: {v.Outcome}: {v.Detail}");
        Assert.Equal(new[] { "head0.mp4", "head1.mp4" }, summary.ListEntries);
        Assert.Contains("4 frames", summary.Videos.Single(v => v.Name == "short").Detail);
        Assert.Contains("no landmark file", summary.Videos.Single(v => v.Name == "unmarked").Detail);

        var layout = new DatasetLayout(options.OutputDir);
        for (var k = 0; k < clips.Length; k++)
        {
            var clip = clips[k];
            var crops = VideoReader.Read(layout.VideoPath($"head{k}.mp4"));
            var cameras = CameraFile.Load(layout.CameraPath($"head{k}.mp4"));
            Assert.Equal((Frames, Size, Size), (crops.Count, crops.Width, crops.Height));
            Assert.Equal(Frames, cameras.Count);
            double worstYaw = 0, worstPitch = 0, worstCrop = 0, worstShifted = double.MaxValue, worstPipeline = 0;
            for (var t = 0; t < Frames; t++)
            {
                // Cameras: the rendering camera's yaw and pitch, up to the mean face's difference from this head.
                var c = cameras[t].Camera;
                worstYaw = Math.Max(worstYaw, Math.Abs(HeadPoseCamera.YawDegrees(c) - HeadPoseCamera.YawDegrees(clip.Cameras[t])));
                worstPitch = Math.Max(worstPitch, Math.Abs(HeadPoseCamera.PitchDegrees(c) - HeadPoseCamera.PitchDegrees(clip.Cameras[t])));
                Assert.Equal(2.7, (HeadPoseCamera.Pivot - c.Position).Length, 3);

                // Crops: the render itself aligned with its own landmarks, i.e. the composite's offset and scale undone.
                using var scope = TensorScope.Enter();
                var render = FaceImage.FromFrames(clip.Renders, t);
                using var truth = FaceAligner.Align(render, clip.RenderLandmarks[t], Size);
                // The pipeline adds nothing to the estimate's own error: the camera is the one of the ground-truth crop.
                var direct = HeadPoseCamera.Estimate(truth.Landmarks, Size).Camera;
                for (var r = 0; r < 3; r++)
                    for (var q = 0; q < 3; q++)
                        worstPipeline = Math.Max(worstPipeline, Math.Abs(direct.Pose(r, q) - c.Pose(r, q)));
                var expected = FaceImage.ToFrames(truth.Image);
                worstCrop = Math.Max(worstCrop, CentreDifference(crops.Frame(t), expected.Frame(0)));
                // The same with the landmarks 3 px off: the comparison sees a framing error of that size.
                var shiftedMarks = new SimilarityTransform(1, 0, 3, 0).Apply(clip.RenderLandmarks[t]);
                using var shifted = FaceAligner.Align(render, shiftedMarks, Size);
                worstShifted = Math.Min(worstShifted, CentreDifference(crops.Frame(t), FaceImage.ToFrames(shifted.Image).Frame(0)));
            }
            _output.WriteLine($"head{k}: yaw error up to {worstYaw:0.00}°, pitch error up to {worstPitch:0.00}°, crop difference up to " +
                              $"{worstCrop:0.00} levels (a 3 px shift: at least {worstShifted:0.00}); rotation off the ground-truth crop's estimate by {worstPipeline:0.0e0}");
            Assert.True(worstPipeline < 1e-3, $"head{k}: the camera differs from the estimate on the ground-truth crop by {worstPipeline}");
            Assert.True(worstYaw < 4, $"head{k}: yaw error {worstYaw:0.00}°");
            Assert.True(worstPitch < 5, $"head{k}: pitch error {worstPitch:0.00}°");
            // Two bilinear resamplings (composite, crop) and H.264 at crf 18 on the way out.
            Assert.True(worstCrop < 6, $"head{k}: crops differ from the aligned renders by up to {worstCrop:0.00} levels");
            Assert.True(worstShifted > 2 * worstCrop, $"head{k}: a 3 px framing error ({worstShifted:0.00}) is not told from the crop ({worstCrop:0.00})");
        }
    }
}
