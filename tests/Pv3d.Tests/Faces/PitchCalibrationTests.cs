using Pv3d.Data.Synthetic;
using Pv3d.Faces;
using Pv3d.Faces.Alignment;
using Pv3d.Faces.Camera;
using Pv3d.Faces.Detection;
using Pv3d.Rendering.Cameras;
using Pv3d.Torch;
using Xunit.Abstractions;

namespace Pv3d.Tests.Faces;

/// <summary>
/// The pitch correction for human faces (<see cref="HeadPoseCamera.HumanPitchOffsetDegrees"/>): re-measured on the 100
/// LFW face crops of Debian's python3-skimage, checked on the held-out astronaut photo and its mirror, and the reason it
/// is calibrated on real faces: on rendered synthetic heads face-api's landmarks show no such bias.
/// </summary>
public class PitchCalibrationTests
{
    public const string LfwPath = "/usr/lib/python3/dist-packages/skimage/data/lfw_subset.npy";
    private readonly ITestOutputHelper _output;

    public PitchCalibrationTests(ITestOutputHelper output) => _output = output;

    private static double Median(IEnumerable<double> values)
    {
        var sorted = values.OrderBy(v => v).ToArray();
        return sorted.Length % 2 == 1 ? sorted[sorted.Length / 2] : (sorted[sorted.Length / 2 - 1] + sorted[sorted.Length / 2]) / 2;
    }

    /// <summary>Nose tip (30) height between the eye line (mean of 36-47) and the mouth corners (48, 54): 0 at the eyes, 1 at the mouth.</summary>
    private static double NoseFraction(double[,] lm)
    {
        double eyeY = 0, mouthY = (lm[48, 1] + lm[54, 1]) / 2;
        for (var i = 36; i < 48; i++) eyeY += lm[i, 1] / 12;
        return (lm[30, 1] - eyeY) / (mouthY - eyeY);
    }

    [Fact]
    public void TheHumanOffsetIsMinusTheMedianPitchOfLfwFaces()
    {
        Assert.True(File.Exists(LfwPath), $"{LfwPath} is missing: ./setup.sh installs python3-skimage");
        using var scope0 = TensorScope.Enter();
        // [200, 25, 25] grey crops in 0..1: the first 100 are faces of 100 people (the rest are not faces).
        var lfw = Pv3d.Torch.IO.Npy.Load(LfwPath).To(DType.Float32);
        var raw = new List<double>();
        var corrected = new List<double>();
        var noses = new List<double>();
        for (var k = 0; k < 100; k++)
        {
            using var scope = TensorScope.Enter();
            var face = (lfw.Select(0, k) * 255).Reshape(1, 1, 25, 25).Expand(1, 3, 25, 25).Contiguous();
            var big = Functional.Interpolate(face, new Pair2d(112, 112), InterpolateMode.Bilinear);
            var lm = SharedFaces.Analyzer.LandmarkNet.DetectLandmarks(big);
            var aligned = FaceAligner.Transform(lm, 512).Inverse().Apply(lm);
            raw.Add(HeadPoseCamera.Estimate(aligned, 512).PitchDegrees);
            corrected.Add(FacePreparer.EstimateCamera(aligned, 512).PitchDegrees);
            noses.Add(NoseFraction(lm));
        }
        var sorted = raw.OrderBy(v => v).ToList();
        var mean = HeadPoseCamera.Project(Camera.Canonical, FaceModel68.Mean, 512);
        var m = new double[68, 2];
        for (var i = 0; i < 68; i++) (m[i, 0], m[i, 1]) = mean[i];
        _output.WriteLine($"LFW, 100 faces, offset 0: pitch median {Median(raw):0.00}°, quartiles {sorted[25]:0.0}° {sorted[74]:0.0}°; " +
                          $"corrected median {Median(corrected):0.00}°; nose-tip fraction {noses.Average():0.000} (the mean face's {NoseFraction(m):0.000})");
        Assert.True(Math.Abs(Median(raw) + HeadPoseCamera.HumanPitchOffsetDegrees) < 0.3, $"median pitch {Median(raw):0.00}°");
        Assert.True(Math.Abs(Median(corrected)) < 0.5, $"corrected median pitch {Median(corrected):0.00}°");
        // The cause: a human nose tip sits far lower between eyes and mouth than the mean face's.
        Assert.True(noses.Average() > NoseFraction(m) + 0.1, $"nose fractions {noses.Average():0.000} vs {NoseFraction(m):0.000}");
    }

    [Fact]
    public void TheHeldOutPhotoAndItsMirrorLookNearlyStraightAfterTheCorrection()
    {
        using var scope = TensorScope.Enter();
        foreach (var mirrored in new[] { false, true })
        {
            var face = Assert.Single(SharedFaces.Photo(mirrored));
            using var aligned = FacePreparer.Align(FaceFixtures.Astronaut(mirrored), face.Landmarks, 256);
            var raw = HeadPoseCamera.Estimate(aligned.Landmarks, 256);
            var corrected = FacePreparer.EstimateCamera(aligned.Landmarks, 256);
            _output.WriteLine($"astronaut{(mirrored ? " mirrored" : "")}: pitch {raw.PitchDegrees:0.00}° -> {corrected.PitchDegrees:0.00}°, yaw {raw.YawDegrees:0.00}° -> {corrected.YawDegrees:0.00}°");
            Assert.InRange(raw.PitchDegrees, -16, -10);
            Assert.InRange(corrected.PitchDegrees, -5, 5);
            // The correction turns about the world x axis: a near-frontal yaw stays where it was.
            Assert.True(Math.Abs(corrected.YawDegrees - raw.YawDegrees) < 0.3, $"yaw {raw.YawDegrees} -> {corrected.YawDegrees}");
            Assert.Equal(2.7, (HeadPoseCamera.Pivot - corrected.Camera.Position).Length, 6);
            Assert.Equal(raw.RmsPixels, corrected.RmsPixels, 9);
        }
    }

    [Fact]
    public void TheOffsetAddsToAFrontalPitchExactly()
    {
        var frontal = HeadPoseCamera.Project(Camera.Canonical, FaceModel68.Mean, 512);
        var lm = new double[68, 2];
        for (var i = 0; i < 68; i++) (lm[i, 0], lm[i, 1]) = frontal[i];
        Assert.Equal(0, HeadPoseCamera.Estimate(lm, 512).PitchDegrees, 3);
        Assert.Equal(7.5, HeadPoseCamera.Estimate(lm, 512, pitchOffsetDegrees: 7.5).PitchDegrees, 3);
        Assert.Equal(-4, HeadPoseCamera.Estimate(lm, 512, pitchOffsetDegrees: -4).PitchDegrees, 3);
    }

    [Fact]
    public void OnRenderedSyntheticHeadsFaceApisLandmarksShowNoHumanSizedBias()
    {
        // Frontal renders (pitch 0) of 8 heads; face-api's landmark net on a box placed around the true landmarks as
        // the detector places it on the photo. Were the bias the net's, these would read about −11° too.
        const int size = 192;
        using var scope0 = TensorScope.Enter();
        var photo = SharedFaces.Photo(false)[0];
        var (l, t, r, b) = Relative(photo.Box, photo.Landmarks);
        var pitches = new List<double>();
        for (var k = 0; k < 8; k++)
        {
            using var scope = TensorScope.Enter();
            var head = SyntheticClip.Sample(21, k).Head;
            var frames = SphereTracer.Render(new HeadScene(head, HeadState.Neutral), Camera.Canonical, size, size);
            var image = FaceImage.FromFrames(frames, 0);
            var p = HeadPoseCamera.Project(Camera.Canonical, head.Landmarks68(), size);
            var truth = new double[68, 2];
            for (var i = 0; i < 68; i++) (truth[i, 0], truth[i, 1]) = p[i];
            var (minX, minY, maxX, maxY) = Bounds(truth);
            double w = maxX - minX, h = maxY - minY;
            var box = new FaceBox(minX + l * w, minY + t * h, w * (1 + r - l), h * (1 + b - t), 1);
            var lm = SharedFaces.Analyzer.LandmarkNet.DetectLandmarks(FaceAnalyzer.Crop(image, box)!);
            for (var i = 0; i < 68; i++) { lm[i, 0] += box.X; lm[i, 1] += box.Y; }
            var aligned = FaceAligner.Transform(lm, 512).Inverse().Apply(lm);
            pitches.Add(HeadPoseCamera.Estimate(aligned, 512).PitchDegrees);
        }
        _output.WriteLine($"synthetic heads, frontal, face-api landmarks: pitch mean {pitches.Average():0.00}°, range {pitches.Min():0.0}°..{pitches.Max():0.0}°");
        Assert.True(Math.Abs(pitches.Average()) < HeadPoseCamera.HumanPitchOffsetDegrees / 2, $"mean pitch {pitches.Average():0.00}°");
    }

    private static (double L, double T, double R, double B) Relative(FaceBox box, double[,] lm)
    {
        var (minX, minY, maxX, maxY) = Bounds(lm);
        double w = maxX - minX, h = maxY - minY;
        return ((box.X - minX) / w, (box.Y - minY) / h, (box.Right - maxX) / w, (box.Bottom - maxY) / h);
    }

    private static (double MinX, double MinY, double MaxX, double MaxY) Bounds(double[,] lm)
    {
        double minX = double.MaxValue, minY = double.MaxValue, maxX = double.MinValue, maxY = double.MinValue;
        for (var i = 0; i < 68; i++)
        {
            minX = Math.Min(minX, lm[i, 0]); maxX = Math.Max(maxX, lm[i, 0]);
            minY = Math.Min(minY, lm[i, 1]); maxY = Math.Max(maxY, lm[i, 1]);
        }
        return (minX, minY, maxX, maxY);
    }
}
