using Pv3d.Torch;

namespace Pv3d.Applications.GroundTruth;

/// <summary>
/// How far a rendered depth map is from the true one, on the true foreground only (pixels whose ray hits the head; the
/// generator's depth of empty space is the ray marcher's fill, not a surface): mean absolute and root-mean-square error in
/// world units (the camera sits 2.7 from the origin; the head is about 1 wide), over <see cref="Pixels"/> pixels.
/// </summary>
public sealed record DepthError(double MeanAbsolute, double RootMeanSquare, long Pixels)
{
    /// <summary>predicted and truth [F, 1, R, R] (any device); truth is +∞ off the foreground. NaN when no pixel is foreground.</summary>
    public static DepthError Measure(Tensor predicted, Tensor truth)
    {
        if (!predicted.Shape.SequenceEqual(truth.Shape))
            throw new ArgumentException($"depth maps differ in shape: [{string.Join(", ", predicted.Shape)}] vs [{string.Join(", ", truth.Shape)}]");
        using var scope = TensorScope.Enter();
        var p = predicted.Detach().To(DType.Float32).Cpu().Contiguous().ToArray<float>();
        var t = truth.Detach().To(DType.Float32).Cpu().Contiguous().ToArray<float>();
        double abs = 0, square = 0;
        long n = 0;
        for (var i = 0; i < t.Length; i++)
        {
            if (!float.IsFinite(t[i])) continue;
            var d = (double)p[i] - t[i];
            abs += Math.Abs(d);
            square += d * d;
            n++;
        }
        return n == 0 ? new DepthError(double.NaN, double.NaN, 0) : new DepthError(abs / n, Math.Sqrt(square / n), n);
    }

    /// <summary>
    /// A reference for reading the errors: each view's depth replaced by one flat plane at the median of its true
    /// foreground depth (an oracle that knows how far the head is but nothing of its shape), scored against
    /// <paramref name="truth"/> [F, 1, R, R].
    /// </summary>
    public static DepthError FlatReference(Tensor truth)
    {
        using var scope = TensorScope.Enter();
        var t = truth.Detach().To(DType.Float32).Cpu().Contiguous().ToArray<float>();
        var flat = new float[t.Length];
        var perView = t.Length / (int)truth.Size(0);
        for (var start = 0; start < t.Length; start += perView)
        {
            var foreground = t.AsSpan(start, perView).ToArray().Where(float.IsFinite).Order().ToArray();
            var median = foreground.Length == 0 ? 0 : foreground[foreground.Length / 2];
            Array.Fill(flat, median, start, perView);
        }
        return Measure(Tensor.FromArray(flat, truth.Shape), truth);
    }

    /// <summary>Pools several measurements as if their pixels had been measured together.</summary>
    public static DepthError Pool(IEnumerable<DepthError> parts)
    {
        double abs = 0, square = 0;
        long n = 0;
        foreach (var e in parts.Where(e => e.Pixels > 0))
        {
            abs += e.MeanAbsolute * e.Pixels;
            square += e.RootMeanSquare * e.RootMeanSquare * e.Pixels;
            n += e.Pixels;
        }
        return n == 0 ? new DepthError(double.NaN, double.NaN, 0) : new DepthError(abs / n, Math.Sqrt(square / n), n);
    }
}
