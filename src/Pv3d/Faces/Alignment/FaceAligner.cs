using Pv3d.Faces.Camera;
using Pv3d.Rendering.Cameras;
using Pv3d.Torch;

namespace Pv3d.Faces.Alignment;

/// <summary>A face cut out in the training framing: the image, its landmarks and the map from its pixels to the source's.</summary>
public sealed record AlignedFace(Tensor Image, double[,] Landmarks, SimilarityTransform ToSource, int Size) : IDisposable
{
    public void Dispose() => Image.Dispose();
}

/// <summary>
/// Cuts a face out of a photo in the framing of the official data, from its 68 landmarks, in two steps composed into
/// one similarity transform and one resampling:
/// <list type="number">
/// <item>FFHQ's alignment (NVlabs/ffhq-dataset, <c>recreate_aligned_images</c>): eye centres (means of 36-41 and
/// 42-47), mouth corners 48 and 54; x = eye-to-eye − rot90(eye-to-mouth), normalised and scaled to
/// max(2 |eye-to-eye|, 1.8 |eye-to-mouth|); y = rot90(x); centre c = eye midpoint + 0.1 eye-to-mouth; the oriented
/// square c ± x ± y is the crop. This removes roll and fixes the scale.</item>
/// <item>EG3D's re-crop (dataset_preprocessing/ffhq: Deep3DFaceRecon's <c>align_img</c>, target 1024, rescale 300,
/// centre crop 700, resize 512): a scale and translation (no rotation) that least-squares fits the five points (eye
/// centres as corner midpoints 36/39 and 42/45, nose tip 30, mouth corners 48, 54) to a standard face's. EG3D's
/// standard face is Deep3DFaceRecon's BFM mean; ours is <see cref="FaceModel68.Mean"/> seen by the dataset's frontal
/// camera (radius 2.7, focal 4.2647), which puts the face where the generator draws it.</item>
/// </list>
/// Sampling is bilinear, borders reflected (FFHQ also blurs its padding; we do not). When the crop shrinks the photo
/// more than 2x it is first box-filtered by an integer factor (as FFHQ's "shrink" step), against aliasing.
/// </summary>
public static class FaceAligner
{
    public const int DefaultSize = 512;

    /// <summary>FFHQ's oriented square as the map from a size² output to the source (step 1).</summary>
    public static SimilarityTransform FfhqQuad(double[,] lm, int size)
    {
        (double X, double Y) Mean(int from, int to)
        {
            double x = 0, y = 0;
            for (var i = from; i < to; i++) { x += lm[i, 0]; y += lm[i, 1]; }
            return (x / (to - from), y / (to - from));
        }
        var eyeL = Mean(36, 42);
        var eyeR = Mean(42, 48);
        var eyeAvg = ((eyeL.X + eyeR.X) / 2, (eyeL.Y + eyeR.Y) / 2);
        var eyeToEye = (X: eyeR.X - eyeL.X, Y: eyeR.Y - eyeL.Y);
        var mouthAvg = ((lm[48, 0] + lm[54, 0]) / 2, (lm[48, 1] + lm[54, 1]) / 2);
        var eyeToMouth = (X: mouthAvg.Item1 - eyeAvg.Item1, Y: mouthAvg.Item2 - eyeAvg.Item2);
        // x = eye_to_eye - flipud(eye_to_mouth) * [-1, 1]
        var x = (X: eyeToEye.X + eyeToMouth.Y, Y: eyeToEye.Y - eyeToMouth.X);
        var len = Math.Sqrt(x.X * x.X + x.Y * x.Y);
        var scale = Math.Max(Math.Sqrt(eyeToEye.X * eyeToEye.X + eyeToEye.Y * eyeToEye.Y) * 2.0,
            Math.Sqrt(eyeToMouth.X * eyeToMouth.X + eyeToMouth.Y * eyeToMouth.Y) * 1.8);
        x = (x.X / len * scale, x.Y / len * scale);
        var y = (X: -x.Y, Y: x.X);                       // flipud(x) * [-1, 1]
        var c = (X: eyeAvg.Item1 + 0.1 * eyeToMouth.X, Y: eyeAvg.Item2 + 0.1 * eyeToMouth.Y);
        // Output (u, v) in [0, size]² -> c - x - y + (2u/size) x + (2v/size) y.
        return new SimilarityTransform(2 * x.X / size, 2 * x.Y / size, c.X - x.X - y.X, c.Y - x.Y - y.Y);
    }

    /// <summary>Where the five alignment points of the mean face land in a size² crop of the training framing.</summary>
    public static (double X, double Y)[] TargetFivePoints(int size) =>
        HeadPoseCamera.Project(Rendering.Cameras.Camera.Canonical, FaceModel68.FivePoints(FaceModel68.Mean), size);

    /// <summary>The map from a size² output in the training framing to the source photo (steps 1 and 2).</summary>
    public static SimilarityTransform Transform(double[,] landmarks, int size)
    {
        var quad = FfhqQuad(landmarks, size);
        var inFfhq = quad.Inverse().Apply(landmarks);
        var q = FaceModel68.FivePoints(inFfhq);
        var t = TargetFivePoints(size);
        double qx = q.Average(p => p.X), qy = q.Average(p => p.Y), tx = t.Average(p => p.X), ty = t.Average(p => p.Y);
        double num = 0, den = 0;
        for (var i = 0; i < q.Length; i++)
        {
            num += (q[i].X - qx) * (t[i].X - tx) + (q[i].Y - qy) * (t[i].Y - ty);
            den += (q[i].X - qx) * (q[i].X - qx) + (q[i].Y - qy) * (q[i].Y - qy);
        }
        var a = num / den;
        // FFHQ-frame point f maps to output a f + d; the output pixel o comes from FFHQ point (o - d) / a.
        var recrop = new SimilarityTransform(1 / a, 0, -(tx - a * qx) / a, -(ty - a * qy) / a);
        return quad.After(recrop);
    }

    /// <summary>Cuts out the face of <paramref name="image"/> [1, 3, H, W] (0..255) with the given landmarks (pixels).</summary>
    public static AlignedFace Align(Tensor image, double[,] landmarks, int size = DefaultSize)
    {
        if (size < 16) throw new Pv3dException($"aligned face size {size} is too small (at least 16)");
        var toSource = Transform(landmarks, size);
        using var scope = TensorScope.Enter();
        var source = image.To(DType.Float32);
        var sampleMap = toSource;
        var shrink = (int)Math.Floor(toSource.Scale * 0.5);
        if (shrink > 1 && image.Size(2) / shrink >= 2 && image.Size(3) / shrink >= 2)
        {
            source = Functional.AvgPool2d(source, shrink, shrink);
            sampleMap = new SimilarityTransform(1.0 / shrink, 0, 0, 0).After(toSource);
        }
        long h = source.Size(2), w = source.Size(3);
        var grid = new float[size * size * 2];
        for (var i = 0; i < size; i++)
            for (var j = 0; j < size; j++)
            {
                var (sx, sy) = sampleMap.Apply(j + 0.5, i + 0.5);
                grid[2 * (i * size + j)] = (float)(2 * sx / w - 1);
                grid[2 * (i * size + j) + 1] = (float)(2 * sy / h - 1);
            }
        var g = Tensor.FromArray(grid, 1, size, size, 2);
        var aligned = Functional.GridSample(source, g, GridSampleMode.Bilinear, GridSamplePadding.Reflection, alignCorners: false);
        var cropLandmarks = toSource.Inverse().Apply(landmarks);
        return new AlignedFace(aligned.DetachFromScopes(), cropLandmarks, toSource, size);
    }
}
