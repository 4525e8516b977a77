using System.Runtime.InteropServices;

namespace Pv3d.Torch.Native;

// Reductions, scans, sorting and searchsorted (native/src/reduction.cpp).
internal static unsafe partial class NativeMethods
{
    [DllImport(NativeLib.Name)] public static extern int pv_sum(TensorHandle a, out IntPtr result);
    [DllImport(NativeLib.Name)] public static extern int pv_mean(TensorHandle a, out IntPtr result);
    [DllImport(NativeLib.Name)] public static extern int pv_prod(TensorHandle a, out IntPtr result);
    [DllImport(NativeLib.Name)] public static extern int pv_max_all(TensorHandle a, out IntPtr result);
    [DllImport(NativeLib.Name)] public static extern int pv_min_all(TensorHandle a, out IntPtr result);
    [DllImport(NativeLib.Name)] public static extern int pv_any(TensorHandle a, out IntPtr result);
    [DllImport(NativeLib.Name)] public static extern int pv_all(TensorHandle a, out IntPtr result);
    [DllImport(NativeLib.Name)] public static extern int pv_sum_dims(TensorHandle a, long* dims, int n, int keepDim, out IntPtr result);
    [DllImport(NativeLib.Name)] public static extern int pv_mean_dims(TensorHandle a, long* dims, int n, int keepDim, out IntPtr result);
    [DllImport(NativeLib.Name)] public static extern int pv_prod_dim(TensorHandle a, long dim, int keepDim, out IntPtr result);
    [DllImport(NativeLib.Name)] public static extern int pv_std(TensorHandle a, int unbiased, out IntPtr result);
    [DllImport(NativeLib.Name)] public static extern int pv_var(TensorHandle a, int unbiased, out IntPtr result);
    [DllImport(NativeLib.Name)] public static extern int pv_std_dims(TensorHandle a, long* dims, int n, int unbiased, int keepDim, out IntPtr result);
    [DllImport(NativeLib.Name)] public static extern int pv_var_dims(TensorHandle a, long* dims, int n, int unbiased, int keepDim, out IntPtr result);
    [DllImport(NativeLib.Name)] public static extern int pv_norm(TensorHandle a, double p, out IntPtr result);
    [DllImport(NativeLib.Name)] public static extern int pv_norm_dims(TensorHandle a, double p, long* dims, int n, int keepDim, out IntPtr result);
    [DllImport(NativeLib.Name)] public static extern int pv_amax(TensorHandle a, long* dims, int n, int keepDim, out IntPtr result);
    [DllImport(NativeLib.Name)] public static extern int pv_amin(TensorHandle a, long* dims, int n, int keepDim, out IntPtr result);
    [DllImport(NativeLib.Name)] public static extern int pv_logsumexp(TensorHandle a, long* dims, int n, int keepDim, out IntPtr result);
    [DllImport(NativeLib.Name)] public static extern int pv_max_dim(TensorHandle a, long dim, int keepDim, out IntPtr values, out IntPtr indices);
    [DllImport(NativeLib.Name)] public static extern int pv_min_dim(TensorHandle a, long dim, int keepDim, out IntPtr values, out IntPtr indices);
    [DllImport(NativeLib.Name)] public static extern int pv_argmax(TensorHandle a, int hasDim, long dim, int keepDim, out IntPtr result);
    [DllImport(NativeLib.Name)] public static extern int pv_argmin(TensorHandle a, int hasDim, long dim, int keepDim, out IntPtr result);
    [DllImport(NativeLib.Name)] public static extern int pv_cumsum(TensorHandle a, long dim, out IntPtr result);
    [DllImport(NativeLib.Name)] public static extern int pv_cumprod(TensorHandle a, long dim, out IntPtr result);
    [DllImport(NativeLib.Name)] public static extern int pv_sort(TensorHandle a, long dim, int descending, int stable, out IntPtr values, out IntPtr indices);
    [DllImport(NativeLib.Name)] public static extern int pv_argsort(TensorHandle a, long dim, int descending, out IntPtr result);
    [DllImport(NativeLib.Name)] public static extern int pv_topk(TensorHandle a, long k, long dim, int largest, out IntPtr values, out IntPtr indices);
    [DllImport(NativeLib.Name)] public static extern int pv_searchsorted(TensorHandle sorted, TensorHandle values, int right, out IntPtr result);
}
