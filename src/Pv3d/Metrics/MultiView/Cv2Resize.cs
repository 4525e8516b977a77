namespace Pv3d.Metrics.MultiView;

/// <summary>
/// OpenCV's <c>cv2.resize(img, (w, h))</c> with its default INTER_LINEAR on 8-bit images, which the official WE script
/// (and the FVD video reader) apply to PNG/video frames: half-pixel-centred bilinear weights quantised to 11 bits
/// (<c>INTER_RESIZE_COEF_BITS</c>), border pixels replicated, integer horizontal pass, then the vertical pass and rounding
/// of OpenCV's SIMD path (<c>VResizeLinearVec_32s8u</c>): ((S0>>4)·b0>>16) + ((S1>>4)·b1>>16) + 2 >> 2.
/// Differs from PyTorch's float bilinear by rounding (up to 1 level), which moves the WE number by more than 1e-3.
/// </summary>
public static class Cv2Resize
{
    private const int CoefScale = 2048;

    /// <param name="src">[h, w, channels] bytes, row-major</param>
    /// <returns>[outH, outW, channels]</returns>
    public static byte[] Linear(byte[] src, int h, int w, int channels, int outH, int outW)
    {
        if (src.Length != h * w * channels) throw new ArgumentException($"image has {src.Length} bytes, expected {h}x{w}x{channels}");
        if (outH == h && outW == w) return src.ToArray(); // cv2.resize copies when the size is unchanged
        var (xofs, alpha) = Taps(w, outW, clampAtBorders: true);
        var (yofs, beta) = Taps(h, outH, clampAtBorders: false);
        // Horizontal pass for every source row (ints scaled by 2048).
        var rows = new int[h][];
        for (var y = 0; y < h; y++)
        {
            var row = new int[outW * channels];
            var s = y * w * channels;
            for (var dx = 0; dx < outW; dx++)
                for (var c = 0; c < channels; c++)
                {
                    var sx = xofs[dx];
                    var v = src[s + sx * channels + c] * alpha[dx, 0];
                    if (alpha[dx, 1] != 0) v += src[s + (sx + 1) * channels + c] * alpha[dx, 1];
                    row[dx * channels + c] = v;
                }
            rows[y] = row;
        }
        var dst = new byte[outH * outW * channels];
        for (var dy = 0; dy < outH; dy++)
        {
            var r0 = rows[Math.Clamp(yofs[dy], 0, h - 1)];
            var r1 = rows[Math.Clamp(yofs[dy] + 1, 0, h - 1)];
            int b0 = beta[dy, 0], b1 = beta[dy, 1];
            var o = dy * outW * channels;
            for (var x = 0; x < outW * channels; x++)
            {
                var v = (((r0[x] >> 4) * b0) >> 16) + (((r1[x] >> 4) * b1) >> 16);
                dst[o + x] = (byte)Math.Clamp((v + 2) >> 2, 0, 255);
            }
        }
        return dst;
    }

    // Source index and the two 11-bit weights of each output pixel along one axis (OpenCV's xofs/ialpha, yofs/ibeta).
    // Horizontally OpenCV replaces out-of-range taps by the border pixel with weight 1; vertically it keeps the
    // fractional weights and clips the row indices, so border rows mix a row with itself (weights summing to
    // 2047..2049 after rounding).
    private static (int[] Offsets, short[,] Weights) Taps(int size, int outSize, bool clampAtBorders)
    {
        var scale = 1.0 / ((double)outSize / size);
        var offsets = new int[outSize];
        var weights = new short[outSize, 2];
        for (var d = 0; d < outSize; d++)
        {
            var f = (float)((d + 0.5) * scale - 0.5);
            var s = (int)Math.Floor(f);
            f -= s;
            if (clampAtBorders && s < 0) { f = 0; s = 0; }
            if (clampAtBorders && s >= size - 1) { f = 0; s = size - 1; }
            offsets[d] = s;
            weights[d, 0] = (short)Math.Round((1f - f) * CoefScale, MidpointRounding.ToEven);
            weights[d, 1] = (short)Math.Round(f * CoefScale, MidpointRounding.ToEven);
        }
        return (offsets, weights);
    }
}
