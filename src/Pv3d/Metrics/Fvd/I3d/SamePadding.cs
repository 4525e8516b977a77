using Pv3d.Torch;

namespace Pv3d.Metrics.Fvd.I3d;

/// <summary>
/// TensorFlow-style "same" padding of the official I3D (<c>Unit3D.compute_pad</c> and
/// <c>MaxPool3dSamePadding.compute_pad</c>): per dim, pad = max(k - s, 0) if the size divides by the stride, else
/// max(k - size % s, 0); the front gets pad // 2, the back the rest; zeros (also before max pooling, as the
/// official F.pad). Activations are [B, T, C, H, W].
/// </summary>
public static class SamePadding
{
    public static long Amount(long size, int kernel, int stride) =>
        size % stride == 0 ? Math.Max(kernel - stride, 0) : Math.Max(kernel - size % stride, 0);

    public static Tensor Apply(Tensor x, (int T, int H, int W) kernel, (int T, int H, int W) stride)
    {
        var pt = Amount(x.Shape[1], kernel.T, stride.T);
        var ph = Amount(x.Shape[3], kernel.H, stride.H);
        var pw = Amount(x.Shape[4], kernel.W, stride.W);
        if (pt == 0 && ph == 0 && pw == 0) return x;
        // F.pad order from the last dim: W, H, C (none), T.
        return Functional.Pad(x, [pw / 2, pw - pw / 2, ph / 2, ph - ph / 2, 0, 0, pt / 2, pt - pt / 2]);
    }

    /// <summary>The official MaxPool3dSamePadding: same padding with zeros, then max pooling (no ceil mode).</summary>
    public static Tensor MaxPool(Tensor x, (int T, int H, int W) kernel, (int T, int H, int W) stride)
    {
        x = Apply(x, kernel, stride);
        var (b, t, c, h, w) = (x.Shape[0], x.Shape[1], x.Shape[2], x.Shape[3], x.Shape[4]);
        var y = Functional.MaxPool2d(x.Reshape(b * t, c, h, w), new Pair2d(kernel.H, kernel.W), new Pair2d(stride.H, stride.W));
        y = y.View(b, t, c, y.Shape[2], y.Shape[3]);
        if (kernel.T == 1 && stride.T == 1) return y;
        // Max over time windows; max pooling is separable, so spatial first then temporal gives MaxPool3d's result.
        var to = (t - kernel.T) / stride.T + 1;
        Tensor? result = null;
        for (var k = 0; k < kernel.T; k++)
        {
            var index = Enumerable.Range(0, (int)to).Select(i => (long)(i * stride.T + k)).ToArray();
            using var idx = Tensor.FromArray(index, index.Length).To(x.Device);
            var tap = y.IndexSelect(1, idx);
            result = result is null ? tap : result.Maximum(tap);
        }
        return result!;
    }
}
