using System.Runtime.InteropServices;

namespace Pv3d.Torch.Native;

// In-place updates (native/src/inplace.cpp).
internal static unsafe partial class NativeMethods
{
    [DllImport(NativeLib.Name)] public static extern int pv_add_(TensorHandle a, TensorHandle b, double alpha);
    [DllImport(NativeLib.Name)] public static extern int pv_sub_(TensorHandle a, TensorHandle b, double alpha);
    [DllImport(NativeLib.Name)] public static extern int pv_mul_(TensorHandle a, TensorHandle b);
    [DllImport(NativeLib.Name)] public static extern int pv_div_(TensorHandle a, TensorHandle b);
    [DllImport(NativeLib.Name)] public static extern int pv_copy_(TensorHandle a, TensorHandle b);
    [DllImport(NativeLib.Name)] public static extern int pv_add_scalar_(TensorHandle a, double s);
    [DllImport(NativeLib.Name)] public static extern int pv_sub_scalar_(TensorHandle a, double s);
    [DllImport(NativeLib.Name)] public static extern int pv_mul_scalar_(TensorHandle a, double s);
    [DllImport(NativeLib.Name)] public static extern int pv_div_scalar_(TensorHandle a, double s);
    [DllImport(NativeLib.Name)] public static extern int pv_pow_scalar_(TensorHandle a, double s);
    [DllImport(NativeLib.Name)] public static extern int pv_fill_(TensorHandle a, double s);
    [DllImport(NativeLib.Name)] public static extern int pv_zero_(TensorHandle a);
    [DllImport(NativeLib.Name)] public static extern int pv_sqrt_(TensorHandle a);
    [DllImport(NativeLib.Name)] public static extern int pv_neg_(TensorHandle a);
    [DllImport(NativeLib.Name)] public static extern int pv_addcmul_(TensorHandle a, TensorHandle t1, TensorHandle t2, double value);
    [DllImport(NativeLib.Name)] public static extern int pv_addcdiv_(TensorHandle a, TensorHandle t1, TensorHandle t2, double value);
    [DllImport(NativeLib.Name)] public static extern int pv_lerp_(TensorHandle a, TensorHandle end, double weight);
    [DllImport(NativeLib.Name)] public static extern int pv_lerp_tensor_(TensorHandle a, TensorHandle end, TensorHandle weight);
    [DllImport(NativeLib.Name)] public static extern int pv_clamp_(TensorHandle a, int hasMin, double min, int hasMax, double max);
    [DllImport(NativeLib.Name)] public static extern int pv_masked_fill_(TensorHandle a, TensorHandle mask, double value);
    [DllImport(NativeLib.Name)] public static extern int pv_normal_(TensorHandle a, double mean, double std);
    [DllImport(NativeLib.Name)] public static extern int pv_uniform_(TensorHandle a, double from, double to);
}
