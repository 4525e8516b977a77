using System.Runtime.InteropServices;

namespace Pv3d.Torch.Native;

// Indexing (native/src/indexing.cpp).
internal static unsafe partial class NativeMethods
{
    [DllImport(NativeLib.Name)] public static extern int pv_gather(TensorHandle a, long dim, TensorHandle index, out IntPtr result);
    [DllImport(NativeLib.Name)] public static extern int pv_index_select(TensorHandle a, long dim, TensorHandle index, out IntPtr result);
    [DllImport(NativeLib.Name)] public static extern int pv_scatter(TensorHandle a, long dim, TensorHandle index, TensorHandle src, out IntPtr result);
    [DllImport(NativeLib.Name)] public static extern int pv_scatter_add(TensorHandle a, long dim, TensorHandle index, TensorHandle src, out IntPtr result);
    [DllImport(NativeLib.Name)] public static extern int pv_index_add(TensorHandle a, long dim, TensorHandle index, TensorHandle src, out IntPtr result);
    [DllImport(NativeLib.Name)] public static extern int pv_masked_fill(TensorHandle a, TensorHandle mask, double value, out IntPtr result);
    [DllImport(NativeLib.Name)] public static extern int pv_masked_fill_tensor(TensorHandle a, TensorHandle mask, TensorHandle value, out IntPtr result);
    [DllImport(NativeLib.Name)] public static extern int pv_masked_select(TensorHandle a, TensorHandle b, out IntPtr result);
    [DllImport(NativeLib.Name)] public static extern int pv_nonzero(TensorHandle a, out IntPtr result);
    [DllImport(NativeLib.Name)] public static extern int pv_index(TensorHandle a, IntPtr indices, int n, out IntPtr result);
    [DllImport(NativeLib.Name)] public static extern int pv_index_put(TensorHandle a, IntPtr indices, int n, TensorHandle values, int accumulate, out IntPtr result);
    [DllImport(NativeLib.Name)] public static extern int pv_index_put_(TensorHandle a, IntPtr indices, int n, TensorHandle values, int accumulate);
}
