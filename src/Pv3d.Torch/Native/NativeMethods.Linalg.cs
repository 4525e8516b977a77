using System.Runtime.InteropServices;

namespace Pv3d.Torch.Native;

// Linear algebra (native/src/linalg.cpp).
internal static unsafe partial class NativeMethods
{
    [DllImport(NativeLib.Name)] public static extern int pv_matmul(TensorHandle a, TensorHandle b, out IntPtr result);
    [DllImport(NativeLib.Name)] public static extern int pv_mm(TensorHandle a, TensorHandle b, out IntPtr result);
    [DllImport(NativeLib.Name)] public static extern int pv_bmm(TensorHandle a, TensorHandle b, out IntPtr result);
    [DllImport(NativeLib.Name)] public static extern int pv_outer(TensorHandle a, TensorHandle b, out IntPtr result);
    [DllImport(NativeLib.Name)] public static extern int pv_linalg_solve(TensorHandle a, TensorHandle b, out IntPtr result);
    [DllImport(NativeLib.Name)] public static extern int pv_linalg_inv(TensorHandle a, out IntPtr result);
    [DllImport(NativeLib.Name)] public static extern int pv_linalg_det(TensorHandle a, out IntPtr result);
    [DllImport(NativeLib.Name)] public static extern int pv_addmm(TensorHandle input, TensorHandle mat1, TensorHandle mat2, double beta, double alpha, out IntPtr result);
    [DllImport(NativeLib.Name)] public static extern int pv_baddbmm(TensorHandle input, TensorHandle b1, TensorHandle b2, double beta, double alpha, out IntPtr result);
    [DllImport(NativeLib.Name)] public static extern int pv_linalg_cross(TensorHandle a, TensorHandle b, long dim, out IntPtr result);
}
