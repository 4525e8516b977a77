using System.Runtime.InteropServices;

namespace Pv3d.Torch.Native;

// Raw storages for checkpoint and array IO (native/src/io.cpp).
internal static partial class NativeMethods
{
    [DllImport(NativeLib.Name)] public static extern int pv_io_empty_bytes(long nbytes, out IntPtr result);
    [DllImport(NativeLib.Name)] public static extern unsafe int pv_io_view_bytes(TensorHandle bytes, int dtype, long* sizes, long* strides, int ndim, long storageOffset, int contiguous, out IntPtr result);
    [DllImport(NativeLib.Name)] public static extern int pv_io_storage_of(TensorHandle t, out IntPtr bytes, out IntPtr storageId, out long storageOffset);
}
