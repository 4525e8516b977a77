using Pv3d.Torch;

namespace Pv3d.Faces.Models;

/// <summary>
/// face-api's input preparation (<c>NetInput.toBatchTensor</c> for tensor inputs): pad the image to a square with
/// zeros (<c>padToSquare</c>), then resize it to the net's input size with TF's legacy bilinear resize
/// (<c>tf.image.resizeBilinear</c>, alignCorners = false, halfPixelCenters = false). Images are float32
/// [1, 3, H, W] with values 0..255 (RGB).
/// </summary>
public static class NetInput
{
    /// <summary>
    /// Pads the shorter side with zeros. Centred: round(diff / 2) rows/columns after (JS Math.round) and the rest
    /// before; not centred: all of it after (right/bottom), which is what the detectors use.
    /// </summary>
    public static Tensor PadToSquare(Tensor image, bool centered)
    {
        long h = image.Size(2), w = image.Size(3);
        if (h == w) return image.Clone();
        var diff = Math.Abs(h - w);
        var after = centered ? (long)Math.Floor(diff * 0.5 + 0.5) : diff;
        var before = diff - after;
        var pads = h > w ? new[] { before, after, 0L, 0L } : new[] { 0L, 0L, before, after };
        return Functional.Pad(image, pads);
    }

    /// <summary>
    /// TF's legacy bilinear resize of [N, C, H, W] to [N, C, outH, outW]: the source of output pixel i is
    /// i * in / out (no half-pixel offset), neighbours floor and min(floor + 1, in - 1). Computed in double (tfjs
    /// computes in JS doubles too) and returned as float32.
    /// </summary>
    public static Tensor ResizeBilinearLegacy(Tensor x, long outH, long outW)
    {
        using var scope = TensorScope.Enter();
        long inH = x.Size(2), inW = x.Size(3);
        var (y0, y1, fy) = Taps(inH, outH);
        var (x0, x1, fx) = Taps(inW, outW);
        var d = x.To(DType.Float64);
        var rows0 = d.IndexSelect(2, y0);
        var rows1 = d.IndexSelect(2, y1);
        var wy = fy.Reshape(1, 1, -1, 1);
        var wx = fx.Reshape(1, 1, 1, -1);
        var top = rows0.IndexSelect(3, x0).Lerp(rows0.IndexSelect(3, x1), wx);
        var bottom = rows1.IndexSelect(3, x0).Lerp(rows1.IndexSelect(3, x1), wx);
        return top.Lerp(bottom, wy).To(DType.Float32).MoveToOuterScope();
    }

    private static (Tensor Lo, Tensor Hi, Tensor Frac) Taps(long size, long outSize)
    {
        var lo = new long[outSize];
        var hi = new long[outSize];
        var frac = new double[outSize];
        var ratio = (double)size / outSize;
        for (var i = 0; i < outSize; i++)
        {
            var src = ratio * i;
            var floor = (long)Math.Floor(src);
            lo[i] = Math.Min(floor, size - 1);
            hi[i] = Math.Min((long)Math.Ceiling(src), size - 1);
            frac[i] = src - floor;
        }
        return (Tensor.FromArray(lo, outSize), Tensor.FromArray(hi, outSize), Tensor.FromArray(frac, outSize));
    }

    /// <summary>The mean RGB of face-api's landmark and recognition nets (its <c>normalize</c> helper), 0..255 scale.</summary>
    private static readonly float[] MeanRgb = { 122.782f, 117.001f, 104.298f };

    /// <summary>(x - mean RGB) / 255 on a batch [N, 3, H, W] of 0..255 values, as both nets take their input.</summary>
    public static Tensor Normalize(Tensor batch) => batch.Sub(Tensor.FromArray(MeanRgb, 1, 3, 1, 1)).Div(255.0);

    /// <summary>Pad to a square, then resize to inputSize x inputSize unless it already is (face-api's order).</summary>
    public static Tensor ToBatch(Tensor image, int inputSize, bool centered)
    {
        using var scope = TensorScope.Enter();
        var square = PadToSquare(image.To(DType.Float32), centered);
        var result = square.Size(2) == inputSize ? square : ResizeBilinearLegacy(square, inputSize, inputSize);
        return result.MoveToOuterScope();
    }
}
