using Pv3d.Torch.Native;

namespace Pv3d.Torch;

// StyleGAN2's FIR resampling (torch_utils/ops/upfirdn2d.py in NVlabs/stylegan3 and eg3d): the same
// operations in the same order as its reference path, so results and gradients match it.
public static partial class Functional
{
    /// <summary>
    /// For every channel of x [N, C, H, W]: upsample by inserting <paramref name="up"/>-1 zeros after each
    /// pixel, pad with zeros (negative padding crops), convolve with the FIR filter <paramref name="filter"/>
    /// (2-D [fh, fw], or 1-D taps applied separably; null = identity) keeping only fully covered outputs,
    /// then keep every <paramref name="down"/>-th pixel. <paramref name="flipFilter"/> = correlation instead of
    /// convolution; <paramref name="gain"/> scales the result.
    /// </summary>
    public static Tensor Upfirdn2d(Tensor x, Tensor? filter, int up = 1, int down = 1, FirPadding padding = default,
        bool flipFilter = false, double gain = 1)
    {
        IntPtr result = IntPtr.Zero;
        var status = Tensor.WithOptionalHandle(filter, f => NativeMethods.pv_upfirdn2d(x.Handle, f, up, up, down, down,
            padding.X0, padding.X1, padding.Y0, padding.Y1, flipFilter ? 1 : 0, gain, out result));
        return Tensor.FromNative(status, result);
    }

    /// <summary>Filters x with an FIR filter; the output has the input's size plus <paramref name="padding"/>.</summary>
    public static Tensor Filter2d(Tensor x, Tensor? filter, FirPadding padding = default, bool flipFilter = false, double gain = 1)
    {
        var (fw, fh) = FilterSize(filter);
        var p = new FirPadding(
            padding.X0 + FloorDiv(fw, 2),
            padding.X1 + FloorDiv(fw - 1, 2),
            padding.Y0 + FloorDiv(fh, 2),
            padding.Y1 + FloorDiv(fh - 1, 2));
        return Upfirdn2d(x, filter, padding: p, flipFilter: flipFilter, gain: gain);
    }

    /// <summary>Upsamples x by <paramref name="up"/> with an FIR filter: output size = input size * up (+ padding).</summary>
    public static Tensor Upsample2d(Tensor x, Tensor? filter, int up = 2, FirPadding padding = default, bool flipFilter = false, double gain = 1)
    {
        var (fw, fh) = FilterSize(filter);
        var p = new FirPadding(
            padding.X0 + FloorDiv(fw + up - 1, 2),
            padding.X1 + FloorDiv(fw - up, 2),
            padding.Y0 + FloorDiv(fh + up - 1, 2),
            padding.Y1 + FloorDiv(fh - up, 2));
        return Upfirdn2d(x, filter, up: up, padding: p, flipFilter: flipFilter, gain: gain * up * up);
    }

    /// <summary>Downsamples x by <paramref name="down"/> with an FIR filter: output size = input size / down (+ padding).</summary>
    public static Tensor Downsample2d(Tensor x, Tensor? filter, int down = 2, FirPadding padding = default, bool flipFilter = false, double gain = 1)
    {
        var (fw, fh) = FilterSize(filter);
        var p = new FirPadding(
            padding.X0 + FloorDiv(fw - down + 1, 2),
            padding.X1 + FloorDiv(fw - down, 2),
            padding.Y0 + FloorDiv(fh - down + 1, 2),
            padding.Y1 + FloorDiv(fh - down, 2));
        return Upfirdn2d(x, filter, down: down, padding: p, flipFilter: flipFilter, gain: gain);
    }

    /// <summary>
    /// Builds a float32 FIR filter from 1-D taps (null = identity): separable 1-D when <paramref name="separable"/>
    /// (default: 8 taps or more), otherwise the 2-D outer product; normalised to unit sum, optionally flipped,
    /// scaled by gain^(ndim/2) so that the whole 2-D filtering gains <paramref name="gain"/>.
    /// </summary>
    public static Tensor SetupFilter(IReadOnlyList<float>? taps, bool normalize = true, bool flipFilter = false, double gain = 1,
        bool? separable = null, Device? device = null)
    {
        var t = taps is null || taps.Count == 0 ? new double[] { 1 } : taps.Select(v => (double)v).ToArray();
        if (separable ?? t.Length >= 8)
            return FinishFilter(t, new long[] { t.Length }, normalize, flipFilter, gain, device);
        var outer = new double[t.Length, t.Length];
        for (var i = 0; i < t.Length; i++)
            for (var j = 0; j < t.Length; j++)
                outer[i, j] = t[i] * t[j];
        return SetupFilter(outer, normalize, flipFilter, gain, device);
    }

    /// <summary>As <see cref="SetupFilter(IReadOnlyList{float}?, bool, bool, double, bool?, Device?)"/> for a 2-D [fh, fw] filter.</summary>
    public static Tensor SetupFilter(double[,] filter, bool normalize = true, bool flipFilter = false, double gain = 1, Device? device = null)
    {
        var fh = filter.GetLength(0);
        var fw = filter.GetLength(1);
        var flat = new double[fh * fw];
        for (var i = 0; i < fh; i++)
            for (var j = 0; j < fw; j++)
                flat[i * fw + j] = filter[i, j];
        return FinishFilter(flat, new long[] { fh, fw }, normalize, flipFilter, gain, device);
    }

    private static Tensor FinishFilter(double[] values, long[] shape, bool normalize, bool flipFilter, double gain, Device? device)
    {
        if (values.Length == 0) throw new ArgumentException("an FIR filter needs at least one tap");
        var sum = values.Sum();
        // Flipping every axis of a row-major array reverses it.
        var ordered = flipFilter ? values.Reverse().ToArray() : values;
        var scale = Math.Pow(gain, shape.Length / 2.0) / (normalize ? sum : 1.0);
        var data = ordered.Select(v => (float)(v * scale)).ToArray();
        var f = Tensor.FromArray(data, shape);
        if (device is null || device.Value.Type == DeviceType.CPU) return f;
        using (f) return f.To(device.Value);
    }

    /// <summary>(width, height) of an FIR filter, (1, 1) for none.</summary>
    private static (long W, long H) FilterSize(Tensor? filter)
    {
        if (filter is null) return (1, 1);
        var shape = filter.Shape;
        if (shape.Length is not (1 or 2))
            throw new ArgumentException($"an FIR filter is 1-D or 2-D, got shape [{string.Join(", ", shape)}]", nameof(filter));
        return (shape[^1], shape[0]);
    }

    private static long FloorDiv(long a, long b) => (long)Math.Floor((double)a / b);
}
