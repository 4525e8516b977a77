using System.Runtime.InteropServices;

namespace Pv3d.Torch.Native;

// Handle lifetime, metadata, raw data and runtime information (native/src/core.cpp).
internal static partial class NativeMethods
{
    [DllImport(NativeLib.Name)] public static extern IntPtr pv_last_error();
    [DllImport(NativeLib.Name)] public static extern void pv_tensor_free(IntPtr t);
    [DllImport(NativeLib.Name)] public static extern int pv_tensor_dim(TensorHandle t, out long dim);
    [DllImport(NativeLib.Name)] public static extern unsafe int pv_tensor_sizes(TensorHandle t, long* sizes);
    [DllImport(NativeLib.Name)] public static extern unsafe int pv_tensor_strides(TensorHandle t, long* strides);
    [DllImport(NativeLib.Name)] public static extern int pv_tensor_dtype(TensorHandle t, out int dtype);
    [DllImport(NativeLib.Name)] public static extern int pv_tensor_device(TensorHandle t, out int type, out int index);
    [DllImport(NativeLib.Name)] public static extern int pv_tensor_numel(TensorHandle t, out long numel);
    [DllImport(NativeLib.Name)] public static extern int pv_tensor_is_contiguous(TensorHandle t, out int contiguous);
    [DllImport(NativeLib.Name)] public static extern int pv_tensor_data_ptr(TensorHandle t, out IntPtr data);
    [DllImport(NativeLib.Name)] public static extern unsafe int pv_tensor_from_data(void* data, long* sizes, int ndim, int dtype, out IntPtr result);
    [DllImport(NativeLib.Name)] public static extern unsafe int pv_tensor_copy_to(TensorHandle t, void* dest, long nbytes);
    [DllImport(NativeLib.Name)] public static extern int pv_tensor_to(TensorHandle t, int dtype, int deviceType, int deviceIndex, int copy, out IntPtr result);
    [DllImport(NativeLib.Name)] public static extern int pv_version(IntPtr buffer, int capacity);
    [DllImport(NativeLib.Name)] public static extern int pv_set_num_threads(int n);
    [DllImport(NativeLib.Name)] public static extern int pv_get_num_threads(out int n);
    [DllImport(NativeLib.Name)] public static extern int pv_parallel_info(IntPtr buffer, int capacity);
    [DllImport(NativeLib.Name)] public static extern int pv_config_info(IntPtr buffer, int capacity);
    [DllImport(NativeLib.Name)] public static extern int pv_cuda_device_count(out int count);
}
