using System.Runtime.InteropServices;

namespace Pv3d.Torch.Native;

// Tensor creation, strided views and seeding (native/src/creation.cpp).
internal static unsafe partial class NativeMethods
{
    [DllImport(NativeLib.Name)] public static extern int pv_zeros(long* sizes, int n, int dtype, int deviceType, int deviceIndex, out IntPtr result);
    [DllImport(NativeLib.Name)] public static extern int pv_ones(long* sizes, int n, int dtype, int deviceType, int deviceIndex, out IntPtr result);
    [DllImport(NativeLib.Name)] public static extern int pv_empty(long* sizes, int n, int dtype, int deviceType, int deviceIndex, out IntPtr result);
    [DllImport(NativeLib.Name)] public static extern int pv_full(long* sizes, int n, double value, int dtype, int deviceType, int deviceIndex, out IntPtr result);
    [DllImport(NativeLib.Name)] public static extern int pv_scalar_tensor(double value, int dtype, int deviceType, int deviceIndex, out IntPtr result);
    [DllImport(NativeLib.Name)] public static extern int pv_arange(double start, double end, double step, int dtype, int deviceType, int deviceIndex, out IntPtr result);
    [DllImport(NativeLib.Name)] public static extern int pv_linspace(double start, double end, long steps, int dtype, int deviceType, int deviceIndex, out IntPtr result);
    [DllImport(NativeLib.Name)] public static extern int pv_randn(long* sizes, int n, int dtype, int deviceType, int deviceIndex, out IntPtr result);
    [DllImport(NativeLib.Name)] public static extern int pv_rand(long* sizes, int n, int dtype, int deviceType, int deviceIndex, out IntPtr result);
    [DllImport(NativeLib.Name)] public static extern int pv_randint(long low, long high, long* sizes, int n, int dtype, int deviceType, int deviceIndex, out IntPtr result);
    [DllImport(NativeLib.Name)] public static extern int pv_randperm(long n, int dtype, int deviceType, int deviceIndex, out IntPtr result);
    [DllImport(NativeLib.Name)] public static extern int pv_zeros_like(TensorHandle a, out IntPtr result);
    [DllImport(NativeLib.Name)] public static extern int pv_ones_like(TensorHandle a, out IntPtr result);
    [DllImport(NativeLib.Name)] public static extern int pv_empty_like(TensorHandle a, out IntPtr result);
    [DllImport(NativeLib.Name)] public static extern int pv_randn_like(TensorHandle a, out IntPtr result);
    [DllImport(NativeLib.Name)] public static extern int pv_rand_like(TensorHandle a, out IntPtr result);
    [DllImport(NativeLib.Name)] public static extern int pv_full_like(TensorHandle a, double s, out IntPtr result);
    [DllImport(NativeLib.Name)] public static extern int pv_as_strided(TensorHandle a, long* sizes, int n, long* strides, int m, long offset, out IntPtr result);
    [DllImport(NativeLib.Name)] public static extern int pv_manual_seed(long seed);
    [DllImport(NativeLib.Name)] public static extern int pv_initial_seed(out long seed);
}
