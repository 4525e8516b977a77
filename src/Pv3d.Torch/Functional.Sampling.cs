using Pv3d.Torch.Native;

namespace Pv3d.Torch;

public static partial class Functional
{
    /// <summary>
    /// Pads the last dims: <paramref name="pads"/> is (last begin, last end, second-to-last begin, ...) as in
    /// torch.nn.functional.pad. Constant mode accepts negative pads (cropping); the other modes pad the
    /// last 1, 2 or 3 dims of a batched or unbatched input.
    /// </summary>
    public static Tensor Pad(Tensor x, long[] pads, PadMode mode = PadMode.Constant, double value = 0)
    {
        if (pads.Length % 2 != 0) throw new ArgumentException($"pad needs an even number of sizes, got {pads.Length}", nameof(pads));
        return Tensor.FromNative(NativeMethods.pv_pad(x.Handle, pads, pads.Length, (int)mode, value, out var h), h);
    }

    /// <summary>
    /// Samples input [N, C, H, W] at grid [N, Ho, Wo, 2] locations (x, y) in [-1, 1] (x across the width);
    /// also volumes: input [N, C, D, H, W], grid [N, Do, Ho, Wo, 3] with (x, y, z). Bilinear means trilinear there.
    /// </summary>
    public static Tensor GridSample(Tensor input, Tensor grid, GridSampleMode mode = GridSampleMode.Bilinear,
        GridSamplePadding paddingMode = GridSamplePadding.Zeros, bool alignCorners = false) =>
        Tensor.FromNative(NativeMethods.pv_grid_sample(input.Handle, grid.Handle, (int)mode, (int)paddingMode, alignCorners ? 1 : 0, out var h), h);

    /// <summary>
    /// Resizes x [N, C, H, W] to <paramref name="size"/> (h, w) like torch.nn.functional.interpolate(size=...).
    /// <paramref name="antialias"/> (bilinear and bicubic only) low-pass filters when downsampling.
    /// </summary>
    public static Tensor Interpolate(Tensor x, Pair2d size, InterpolateMode mode = InterpolateMode.Nearest, bool alignCorners = false,
        bool antialias = false) =>
        Tensor.FromNative(NativeMethods.pv_interpolate2d(x.Handle, size.H, size.W, (int)mode, alignCorners ? 1 : 0, antialias ? 1 : 0, out var h), h);
}
