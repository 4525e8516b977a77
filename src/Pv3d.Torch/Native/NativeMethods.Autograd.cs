using System.Runtime.InteropServices;

namespace Pv3d.Torch.Native;

// requires_grad, .grad, backward, torch.autograd.grad and the grad mode (native/src/autograd.cpp).
internal static partial class NativeMethods
{
    [DllImport(NativeLib.Name)] public static extern int pv_requires_grad(TensorHandle t, out int flag);
    [DllImport(NativeLib.Name)] public static extern int pv_set_requires_grad(TensorHandle t, int flag);
    [DllImport(NativeLib.Name)] public static extern int pv_is_leaf(TensorHandle t, out int flag);
    [DllImport(NativeLib.Name)] public static extern int pv_grad(TensorHandle t, out IntPtr grad);
    [DllImport(NativeLib.Name)] public static extern int pv_set_grad(TensorHandle t, TensorHandle grad);
    [DllImport(NativeLib.Name, EntryPoint = "pv_set_grad")] public static extern int pv_clear_grad(TensorHandle t, IntPtr none);
    [DllImport(NativeLib.Name)] public static extern int pv_zero_grad(TensorHandle t);
    [DllImport(NativeLib.Name)] public static extern int pv_retain_grad(TensorHandle t);
    [DllImport(NativeLib.Name)] public static extern int pv_detach(TensorHandle t, out IntPtr result);
    [DllImport(NativeLib.Name)] public static extern int pv_detach_(TensorHandle t);
    [DllImport(NativeLib.Name)] public static extern int pv_backward(TensorHandle t, IntPtr gradient, int retainGraph, int createGraph);
    [DllImport(NativeLib.Name)]
    public static extern int pv_autograd_grad(IntPtr outputs, int nOutputs, IntPtr inputs, int nInputs, IntPtr gradOutputs,
        int nGradOutputs, int retainGraph, int createGraph, int allowUnused, IntPtr[] results);
    [DllImport(NativeLib.Name)] public static extern int pv_is_grad_enabled(out int enabled);
    [DllImport(NativeLib.Name)] public static extern int pv_set_grad_enabled(int enabled);
}
