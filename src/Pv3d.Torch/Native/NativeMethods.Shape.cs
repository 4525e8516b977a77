using System.Runtime.InteropServices;

namespace Pv3d.Torch.Native;

// Shape ops (native/src/shape.cpp).
internal static unsafe partial class NativeMethods
{
    [DllImport(NativeLib.Name)] public static extern int pv_view(TensorHandle a, long* sizes, int n, out IntPtr result);
    [DllImport(NativeLib.Name)] public static extern int pv_reshape(TensorHandle a, long* sizes, int n, out IntPtr result);
    [DllImport(NativeLib.Name)] public static extern int pv_permute(TensorHandle a, long* sizes, int n, out IntPtr result);
    [DllImport(NativeLib.Name)] public static extern int pv_repeat(TensorHandle a, long* sizes, int n, out IntPtr result);
    [DllImport(NativeLib.Name)] public static extern int pv_expand(TensorHandle a, long* sizes, int n, out IntPtr result);
    [DllImport(NativeLib.Name)] public static extern int pv_flip(TensorHandle a, long* sizes, int n, out IntPtr result);
    [DllImport(NativeLib.Name)] public static extern int pv_expand_as(TensorHandle a, TensorHandle b, out IntPtr result);
    [DllImport(NativeLib.Name)] public static extern int pv_view_as(TensorHandle a, TensorHandle b, out IntPtr result);
    [DllImport(NativeLib.Name)] public static extern int pv_reshape_as(TensorHandle a, TensorHandle b, out IntPtr result);
    [DllImport(NativeLib.Name)] public static extern int pv_contiguous(TensorHandle a, out IntPtr result);
    [DllImport(NativeLib.Name)] public static extern int pv_clone(TensorHandle a, out IntPtr result);
    [DllImport(NativeLib.Name)] public static extern int pv_squeeze_all(TensorHandle a, out IntPtr result);
    [DllImport(NativeLib.Name)] public static extern int pv_t(TensorHandle a, out IntPtr result);
    [DllImport(NativeLib.Name)] public static extern int pv_transpose(TensorHandle a, long dim0, long dim1, out IntPtr result);
    [DllImport(NativeLib.Name)] public static extern int pv_movedim(TensorHandle a, long from, long to, out IntPtr result);
    [DllImport(NativeLib.Name)] public static extern int pv_squeeze_dim(TensorHandle a, long dim, out IntPtr result);
    [DllImport(NativeLib.Name)] public static extern int pv_unsqueeze(TensorHandle a, long dim, out IntPtr result);
    [DllImport(NativeLib.Name)] public static extern int pv_flatten(TensorHandle a, long start, long end, out IntPtr result);
    [DllImport(NativeLib.Name)] public static extern int pv_select(TensorHandle a, long dim, long index, out IntPtr result);
    [DllImport(NativeLib.Name)] public static extern int pv_unflatten(TensorHandle a, long dim, long* sizes, int n, out IntPtr result);
    [DllImport(NativeLib.Name)] public static extern int pv_narrow(TensorHandle a, long dim, long start, long length, out IntPtr result);
    [DllImport(NativeLib.Name)] public static extern int pv_slice(TensorHandle a, long dim, long start, int hasEnd, long end, long step, out IntPtr result);
    [DllImport(NativeLib.Name)] public static extern int pv_roll(TensorHandle a, long* shifts, int n, long* dims, int m, out IntPtr result);
    [DllImport(NativeLib.Name)] public static extern int pv_cat(IntPtr tensors, int count, long dim, out IntPtr result);
    [DllImport(NativeLib.Name)] public static extern int pv_stack(IntPtr tensors, int count, long dim, out IntPtr result);
    [DllImport(NativeLib.Name)] public static extern int pv_unbind(TensorHandle a, long dim, IntPtr* results, int capacity, out int count);
    [DllImport(NativeLib.Name)] public static extern int pv_chunk(TensorHandle a, long chunks, long dim, IntPtr* results, int capacity, out int count);
    [DllImport(NativeLib.Name)] public static extern int pv_split(TensorHandle a, long splitSize, long dim, IntPtr* results, int capacity, out int count);
    [DllImport(NativeLib.Name)] public static extern int pv_split_sizes(TensorHandle a, long* sizes, int n, long dim, IntPtr* results, int capacity, out int count);
}
