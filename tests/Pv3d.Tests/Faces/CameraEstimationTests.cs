using Pv3d.Data.Synthetic;
using Pv3d.Faces;
using Pv3d.Faces.Alignment;
using Pv3d.Faces.Camera;
using Pv3d.Rendering.Cameras;
using Pv3d.Torch;
using Xunit.Abstractions;

namespace Pv3d.Tests.Faces;

/// <summary>
/// Camera from landmarks on synthetic heads with known cameras, the aligner's geometry, and the mirrored photo.
/// The numbers quoted in docs/faces.md come from <see cref="SyntheticHeadsYawPitchError"/>'s output.
/// </summary>
public class CameraEstimationTests
{
    private readonly ITestOutputHelper _output;

    public CameraEstimationTests(ITestOutputHelper output) => _output = output;

    private static double[,] ToArray((double X, double Y)[] p, Random? noise = null, double sigma = 0)
    {
        var result = new double[p.Length, 2];
        for (var i = 0; i < p.Length; i++)
        {
            result[i, 0] = p[i].X + (noise is null ? 0 : sigma * Gaussian(noise));
            result[i, 1] = p[i].Y + (noise is null ? 0 : sigma * Gaussian(noise));
        }
        return result;
    }

    private static double Gaussian(Random r) => Math.Sqrt(-2 * Math.Log(1 - r.NextDouble())) * Math.Cos(2 * Math.PI * r.NextDouble());

    private static double AngleDiff(double a, double b) => Math.Abs((a - b + 540) % 360 - 180);

    [Fact]
    public void ExactPointsGiveTheExactRotation()
    {
        var rng = new Random(1);
        for (var k = 0; k < 10; k++)
        {
            var head = HeadParameters.Sample(rng);
            var points = head.Landmarks68();
            var truth = LookAtCamera.Create((rng.NextDouble() - 0.5) * 1.2, (rng.NextDouble() - 0.5) * 0.7);
            var estimate = HeadPoseCamera.Estimate(ToArray(HeadPoseCamera.Project(truth, points, 512)), 512, points);
            Assert.True(estimate.RmsPixels < 1e-3, $"rms {estimate.RmsPixels}");
            for (var c = 0; c < 3; c++)
                for (var r = 0; r < 3; r++)
                    Assert.True(Math.Abs(estimate.Camera.Pose(r, c) - truth.Pose(r, c)) < 1e-4, $"R[{r},{c}] {estimate.Camera.Pose(r, c)} vs {truth.Pose(r, c)}");
            // Dataset convention: looking at the pivot from radius 2.7.
            var toPivot = HeadPoseCamera.Pivot - estimate.Camera.Position;
            Assert.Equal(2.7, toPivot.Length, 4);
            Assert.True((toPivot.Normalized() - estimate.Camera.Axis(2)).Length < 1e-5);
        }
    }

    [Fact]
    public void SyntheticHeadsYawPitchError()
    {
        // Each head's own 68 points, seen by a known camera, 2 px noise on a 512² crop; recovered with the MEAN face.
        var rng = new Random(7);
        var yawErrors = new List<double>();
        var pitchErrors = new List<double>();
        const int count = 200;
        for (var k = 0; k < count; k++)
        {
            var head = HeadParameters.Sample(rng);
            var yaw = (rng.NextDouble() * 2 - 1) * 35 * Math.PI / 180;
            var pitch = (rng.NextDouble() * 2 - 1) * 20 * Math.PI / 180;
            var truth = LookAtCamera.Create(yaw, pitch);
            var pixels = ToArray(HeadPoseCamera.Project(truth, head.Landmarks68(), 512), rng, 2.0);
            var estimate = HeadPoseCamera.Estimate(pixels, 512);
            yawErrors.Add(AngleDiff(estimate.YawDegrees, HeadPoseCamera.YawDegrees(truth)));
            pitchErrors.Add(AngleDiff(estimate.PitchDegrees, HeadPoseCamera.PitchDegrees(truth)));
        }
        var yawMean = yawErrors.Average();
        var pitchMean = pitchErrors.Average();
        var yaw90 = yawErrors.OrderBy(v => v).ElementAt(count * 9 / 10);
        var pitch90 = pitchErrors.OrderBy(v => v).ElementAt(count * 9 / 10);
        _output.WriteLine($"synthetic heads ({count}, yaw ±35°, pitch ±20°, 2 px noise): yaw error mean {yawMean:0.00}°, 90th pct {yaw90:0.00}°, max {yawErrors.Max():0.00}°; pitch error mean {pitchMean:0.00}°, 90th pct {pitch90:0.00}°, max {pitchErrors.Max():0.00}°");
        Assert.True(yawMean < 2.0, $"mean yaw error {yawMean}°");
        Assert.True(pitchMean < 3.0, $"mean pitch error {pitchMean}°");
    }

    [Fact]
    public void AlignerRemovesRollAndScaleAndFramesTheFiveTargets()
    {
        // The mean face seen frontally, then rotated 25°, scaled 0.6 and moved: alignment must undo it.
        var frontal = HeadPoseCamera.Project(Pv3d.Rendering.Cameras.Camera.Canonical, FaceModel68.Mean, 512);
        var warp = new SimilarityTransform(0.6 * Math.Cos(0.44), 0.6 * Math.Sin(0.44), 130, 40);
        var photo = warp.Apply(ToArray(frontal));
        var toSource = FaceAligner.Transform(photo, 512);
        var back = toSource.Inverse().Apply(photo);
        var targets = FaceAligner.TargetFivePoints(512);
        var five = FaceModel68.FivePoints(back);
        for (var i = 0; i < 5; i++)
        {
            Assert.True(Math.Abs(five[i].X - targets[i].X) < 1.5 && Math.Abs(five[i].Y - targets[i].Y) < 1.5,
                $"point {i}: ({five[i].X:0.00}, {five[i].Y:0.00}) vs ({targets[i].X:0.00}, {targets[i].Y:0.00})");
        }
        Assert.Equal(1 / 0.6 * 1, 1 / toSource.Scale, 1);
        Assert.True(Math.Abs(toSource.RotationDegrees - 0.44 * 180 / Math.PI) < 0.5, $"rotation {toSource.RotationDegrees}");
    }

    [Fact]
    public void AlignedImageSamplesWhereTheTransformSays()
    {
        using var scope = TensorScope.Enter();
        // A smooth image whose value encodes the source position: R = x, G = y (in pixels / 2).
        const int h = 300, w = 400;
        var data = new float[3 * h * w];
        for (var y = 0; y < h; y++)
            for (var x = 0; x < w; x++)
            {
                data[y * w + x] = (x + 0.5f) / 2;
                data[h * w + y * w + x] = (y + 0.5f) / 2;
            }
        var image = Tensor.FromArray(data, 1, 3, h, w);
        var frontal = HeadPoseCamera.Project(Pv3d.Rendering.Cameras.Camera.Canonical, FaceModel68.Mean, 512);
        var photo = new SimilarityTransform(0.5 * Math.Cos(-0.3), 0.5 * Math.Sin(-0.3), 80, 60).Apply(ToArray(frontal));
        using var aligned = FaceAligner.Align(image, photo, 64);
        var values = aligned.Image.ToArray<float>();
        for (var (i, j) = (10, 20); i < 60; i += 13, j = (j + 17) % 64)
        {
            var (sx, sy) = aligned.ToSource.Apply(j + 0.5, i + 0.5);
            Assert.True(Math.Abs(values[i * 64 + j] - sx / 2) < 0.05, $"R at ({i},{j}): {values[i * 64 + j]} vs {sx / 2}");
            Assert.True(Math.Abs(values[64 * 64 + i * 64 + j] - sy / 2) < 0.05, $"G at ({i},{j}): {values[64 * 64 + i * 64 + j]} vs {sy / 2}");
        }
    }

    [Fact]
    public void MirroredPhotoFlipsYawAndKeepsPitch()
    {
        using var scope = TensorScope.Enter();
        // The shared analysis of the photo and its mirror; align and estimate as FacePreparer.Prepare does.
        var photo = SharedFaces.Photo(false);
        var mirror = SharedFaces.Photo(true);
        Assert.Single(photo);
        Assert.Single(mirror);
        using var original = FacePreparer.Align(FaceFixtures.Astronaut(), photo[0].Landmarks, 256);
        using var flipped = FacePreparer.Align(FaceFixtures.Astronaut(mirrored: true), mirror[0].Landmarks, 256);
        var (oc, mc) = (FacePreparer.EstimateCamera(original.Landmarks, 256), FacePreparer.EstimateCamera(flipped.Landmarks, 256));
        var (yo, ym) = (oc.YawDegrees, mc.YawDegrees);
        _output.WriteLine($"astronaut: yaw {yo:0.00}°, pitch {oc.PitchDegrees:0.00}°, rms {oc.RmsPixels:0.00} px; mirrored: yaw {ym:0.00}°, pitch {mc.PitchDegrees:0.00}°");
        Assert.True(Math.Abs(yo + ym) < 2.5, $"yaw {yo} and mirrored {ym} should be opposite");
        Assert.True(Math.Abs(oc.PitchDegrees - mc.PitchDegrees) < 1.5);
        // The crop's landmarks sit where the framing puts the mean face's five points (within 20 px of 256: a gross framing error fails).
        var five = FaceModel68.FivePoints(original.Landmarks);
        var targets = FaceAligner.TargetFivePoints(256);
        var worst = five.Select((p, i) => Math.Sqrt(Math.Pow(p.X - targets[i].X, 2) + Math.Pow(p.Y - targets[i].Y, 2))).Max();
        // Not zero: the mean face is a synthetic head, whose nose tip sits higher than a human's (docs/faces.md).
        Assert.True(worst < 20, $"five-point framing error {worst:0.0} px");
    }
}
