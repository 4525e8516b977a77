using System.Runtime.InteropServices;

namespace Pv3d.Torch.Native;

// Optimiser kernels (native/src/optim.cpp).
internal static partial class NativeMethods
{
    [DllImport(NativeLib.Name)]
    public static extern int pv_adam_update(TensorHandle param, TensorHandle grad, TensorHandle expAvg, TensorHandle expAvgSq,
        double beta1, double beta2, double eps, double weightDecay, int maximize, double stepSize, double biasCorrection2Sqrt);

    [DllImport(NativeLib.Name)] public static extern int pv_optim_zeros_like(TensorHandle t, out IntPtr result);
}
