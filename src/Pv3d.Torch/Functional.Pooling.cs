using Pv3d.Torch.Native;

namespace Pv3d.Torch;

public static partial class Functional
{
    /// <summary>Average pooling of x [N, C, L] (or [C, L]); stride defaults to the kernel size.</summary>
    public static Tensor AvgPool1d(Tensor x, long kernelSize, long? stride = null, long padding = 0, bool ceilMode = false,
        bool countIncludePad = true) =>
        Tensor.FromNative(NativeMethods.pv_avg_pool1d(x.Handle, kernelSize, stride ?? kernelSize, padding, ceilMode ? 1 : 0,
            countIncludePad ? 1 : 0, out var h), h);

    /// <summary>Average pooling of x [N, C, H, W] (or [C, H, W]); stride defaults to the kernel size.</summary>
    public static Tensor AvgPool2d(Tensor x, Pair2d kernelSize, Pair2d? stride = null, Pair2d padding = default, bool ceilMode = false,
        bool countIncludePad = true) =>
        Tensor.FromNative(NativeMethods.pv_avg_pool2d(x.Handle, kernelSize.ToArray(), (stride ?? kernelSize).ToArray(), padding.ToArray(),
            ceilMode ? 1 : 0, countIncludePad ? 1 : 0, out var h), h);

    /// <summary>Max pooling of x [N, C, L] (or [C, L]); stride defaults to the kernel size.</summary>
    public static Tensor MaxPool1d(Tensor x, long kernelSize, long? stride = null, long padding = 0, long dilation = 1, bool ceilMode = false) =>
        Tensor.FromNative(NativeMethods.pv_max_pool1d(x.Handle, kernelSize, stride ?? kernelSize, padding, dilation, ceilMode ? 1 : 0, out var h), h);

    /// <summary>Max pooling of x [N, C, H, W] (or [C, H, W]); stride defaults to the kernel size.</summary>
    public static Tensor MaxPool2d(Tensor x, Pair2d kernelSize, Pair2d? stride = null, Pair2d padding = default, Pair2d? dilation = null,
        bool ceilMode = false) =>
        Tensor.FromNative(NativeMethods.pv_max_pool2d(x.Handle, kernelSize.ToArray(), (stride ?? kernelSize).ToArray(), padding.ToArray(),
            (dilation ?? 1).ToArray(), ceilMode ? 1 : 0, out var h), h);

    /// <summary>Averages x [N, C, H, W] over an adaptive grid of <paramref name="outputSize"/> cells.</summary>
    public static Tensor AdaptiveAvgPool2d(Tensor x, Pair2d outputSize) =>
        Tensor.FromNative(NativeMethods.pv_adaptive_avg_pool2d(x.Handle, outputSize.H, outputSize.W, out var h), h);
}
