using Pv3d.Torch;

namespace Pv3d.Networks;

/// <summary>
/// StyleGAN2's conv2d_resample: a 2-D convolution fused with FIR up/downsampling, choosing the same
/// execution path as the official op for every case (so results match it to rounding). Padding is
/// given with respect to the upsampled image and applied once.
/// </summary>
public static class Conv2dResample
{
    /// <param name="x">[N, C, H, W].</param>
    /// <param name="w">[O, C/groups, kh, kw].</param>
    /// <param name="f">FIR filter from <see cref="Functional.SetupFilter(IReadOnlyList{float}?, bool, bool, double, bool?, Device?)"/>; null = identity.</param>
    /// <param name="flipWeight">False = true convolution, true = correlation (like torch conv2d).</param>
    public static Tensor Apply(Tensor x, Tensor w, Tensor? f = null, int up = 1, int down = 1, FirPadding padding = default,
        int groups = 1, bool flipWeight = true, bool flipFilter = false)
    {
        if (x.Dim != 4 || w.Dim != 4) throw new ArgumentException("conv2d_resample needs a 4-D input and a 4-D weight");
        if (up < 1 || down < 1 || groups < 1) throw new ArgumentException("up, down and groups must be at least 1");
        var ws = w.Shape;
        long outChannels = ws[0], inPerGroup = ws[1], kh = ws[2], kw = ws[3];
        var (fw, fh) = FilterSize(f);
        long px0 = padding.X0, px1 = padding.X1, py0 = padding.Y0, py1 = padding.Y1;
        if (up > 1)
        {
            px0 += FloorDiv(fw + up - 1, 2);
            px1 += FloorDiv(fw - up, 2);
            py0 += FloorDiv(fh + up - 1, 2);
            py1 += FloorDiv(fh - up, 2);
        }
        if (down > 1)
        {
            px0 += FloorDiv(fw - down + 1, 2);
            px1 += FloorDiv(fw - down, 2);
            py0 += FloorDiv(fh - down + 1, 2);
            py1 += FloorDiv(fh - down, 2);
        }

        using var scope = TensorScope.Enter();
        Tensor y;
        if (kw == 1 && kh == 1 && down > 1 && up == 1)
        {
            // 1x1 with downsampling only: downsample first, then convolve.
            var xd = Functional.Upfirdn2d(x, f, down: down, padding: new FirPadding(px0, px1, py0, py1), flipFilter: flipFilter);
            y = Conv(xd, w, groups: groups, flipWeight: flipWeight);
        }
        else if (kw == 1 && kh == 1 && up > 1 && down == 1)
        {
            // 1x1 with upsampling only: convolve first, then upsample.
            var xc = Conv(x, w, groups: groups, flipWeight: flipWeight);
            y = Functional.Upfirdn2d(xc, f, up: up, padding: new FirPadding(px0, px1, py0, py1), gain: up * up, flipFilter: flipFilter);
        }
        else if (down > 1 && up == 1)
        {
            // Downsampling only: filter, then strided convolution.
            var xf = Functional.Upfirdn2d(x, f, padding: new FirPadding(px0, px1, py0, py1), flipFilter: flipFilter);
            y = Conv(xf, w, stride: down, groups: groups, flipWeight: flipWeight);
        }
        else if (up > 1)
        {
            // Upsampling: transposed strided convolution, then the FIR filter.
            Tensor wt;
            if (groups == 1)
            {
                wt = w.Transpose(0, 1);
            }
            else
            {
                using var g = w.Reshape(groups, outChannels / groups, inPerGroup, kh, kw);
                using var gt = g.Transpose(1, 2);
                wt = gt.Reshape(groups * inPerGroup, outChannels / groups, kh, kw);
            }
            px0 -= kw - 1;
            px1 -= kw - up;
            py0 -= kh - 1;
            py1 -= kh - up;
            var pxt = Math.Max(Math.Min(-px0, -px1), 0);
            var pyt = Math.Max(Math.Min(-py0, -py1), 0);
            var xt = Conv(x, wt, stride: up, padding: new Pair2d(pyt, pxt), groups: groups, transpose: true, flipWeight: !flipWeight);
            y = Functional.Upfirdn2d(xt, f, padding: new FirPadding(px0 + pxt, px1 + pxt, py0 + pyt, py1 + pyt), gain: up * up,
                flipFilter: flipFilter);
            if (down > 1) y = Functional.Upfirdn2d(y, f, down: down, flipFilter: flipFilter);
        }
        else if (px0 == px1 && py0 == py1 && px0 >= 0 && py0 >= 0)
        {
            // No resampling and symmetric padding: a plain convolution.
            y = Conv(x, w, padding: new Pair2d(py0, px0), groups: groups, flipWeight: flipWeight);
        }
        else
        {
            // Generic path (asymmetric or negative padding).
            var xp = Functional.Upfirdn2d(x, up > 1 ? f : null, up: up, padding: new FirPadding(px0, px1, py0, py1), gain: up * up,
                flipFilter: flipFilter);
            y = Conv(xp, w, groups: groups, flipWeight: flipWeight);
            if (down > 1) y = Functional.Upfirdn2d(y, f, down: down, flipFilter: flipFilter);
        }
        return y.MoveToOuterScope();
    }

    private static Tensor Conv(Tensor x, Tensor w, long stride = 1, Pair2d padding = default, long groups = 1,
        bool transpose = false, bool flipWeight = true)
    {
        // torch's conv is a correlation; a true convolution flips the kernel.
        var kernel = !flipWeight && (w.Size(2) > 1 || w.Size(3) > 1) ? w.Flip(2, 3) : w;
        return transpose
            ? Functional.ConvTranspose2d(x, kernel, stride: stride, padding: padding, groups: groups)
            : Functional.Conv2d(x, kernel, stride: stride, padding: padding, groups: groups);
    }

    private static (long W, long H) FilterSize(Tensor? f)
    {
        if (f is null) return (1, 1);
        if (f.Dim is not (1 or 2)) throw new ArgumentException($"an FIR filter is 1-D or 2-D, got [{string.Join(", ", f.Shape)}]");
        return (f.Size(-1), f.Size(0));
    }

    private static long FloorDiv(long a, long b) => (long)Math.Floor((double)a / b);
}
