using System.Runtime.InteropServices;

namespace Pv3d.Torch.Native;

// Memory diagnostics (native/src/diagnostics.cpp, native/src/allocator.cpp) and the stopgap ops of native/src/modules_stopgap.cpp.
internal static partial class NativeMethods
{
    [DllImport(NativeLib.Name)] public static extern int pv_malloc_in_use_bytes(out long bytes);
    [DllImport(NativeLib.Name)] public static extern int pv_malloc_trim(out int released);
    [DllImport(NativeLib.Name)] public static extern int pv_allocator_settings(out int applied, out long trimThreshold, out long topPad);
    [DllImport(NativeLib.Name)] public static extern int pv_malloc_mmapped(out long blocks, out long bytes);

    [DllImport(NativeLib.Name)] public static extern unsafe int pv_stopgap_randn(long* sizes, int ndim, out IntPtr result);
    [DllImport(NativeLib.Name)] public static extern int pv_stopgap_sum(TensorHandle x, out IntPtr result);
    [DllImport(NativeLib.Name)] public static extern int pv_stopgap_mul(TensorHandle a, TensorHandle b, out IntPtr result);
    [DllImport(NativeLib.Name)] public static extern int pv_stopgap_add(TensorHandle a, TensorHandle b, out IntPtr result);
}
