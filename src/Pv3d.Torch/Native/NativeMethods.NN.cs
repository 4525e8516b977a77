using System.Runtime.InteropServices;

namespace Pv3d.Torch.Native;

// nn functional ops (native/src/nn_*.cpp). Optional tensors (bias, filter) are raw handles, zero for none.
internal static partial class NativeMethods
{
    [DllImport(NativeLib.Name)] public static extern int pv_linear(TensorHandle x, TensorHandle weight, IntPtr bias, out IntPtr result);
    [DllImport(NativeLib.Name)]
    public static extern int pv_conv2d(TensorHandle x, TensorHandle weight, IntPtr bias, long[] stride, long[] padding,
        long[] dilation, long groups, out IntPtr result);
    [DllImport(NativeLib.Name)]
    public static extern int pv_conv_transpose2d(TensorHandle x, TensorHandle weight, IntPtr bias, long[] stride,
        long[] padding, long[] outputPadding, long groups, long[] dilation, out IntPtr result);

    [DllImport(NativeLib.Name)] public static extern int pv_pad(TensorHandle x, long[] pads, int n, int mode, double value, out IntPtr result);
    [DllImport(NativeLib.Name)]
    public static extern int pv_grid_sample(TensorHandle input, TensorHandle grid, int mode, int paddingMode, int alignCorners, out IntPtr result);
    [DllImport(NativeLib.Name)]
    public static extern int pv_interpolate2d(TensorHandle x, long height, long width, int mode, int alignCorners, int antialias, out IntPtr result);

    [DllImport(NativeLib.Name)]
    public static extern int pv_avg_pool1d(TensorHandle x, long kernel, long stride, long padding, int ceilMode, int countIncludePad, out IntPtr result);
    [DllImport(NativeLib.Name)]
    public static extern int pv_avg_pool2d(TensorHandle x, long[] kernel, long[] stride, long[] padding, int ceilMode, int countIncludePad, out IntPtr result);
    [DllImport(NativeLib.Name)]
    public static extern int pv_max_pool1d(TensorHandle x, long kernel, long stride, long padding, long dilation, int ceilMode, out IntPtr result);
    [DllImport(NativeLib.Name)]
    public static extern int pv_max_pool2d(TensorHandle x, long[] kernel, long[] stride, long[] padding, long[] dilation, int ceilMode, out IntPtr result);
    [DllImport(NativeLib.Name)] public static extern int pv_adaptive_avg_pool2d(TensorHandle x, long height, long width, out IntPtr result);

    [DllImport(NativeLib.Name)]
    public static extern int pv_bias_act_inference(TensorHandle x, IntPtr bias, int dim, int act, double alpha, double gain,
        int hasClamp, double clamp, out IntPtr result);
    [DllImport(NativeLib.Name)]
    public static extern int pv_upfirdn2d(TensorHandle x, IntPtr filter, long upx, long upy, long downx, long downy,
        long padx0, long padx1, long pady0, long pady1, int flipFilter, double gain, out IntPtr result);
}

// nn functional activations (native/src/nn_activation.cpp).
internal static partial class NativeMethods
{
}
