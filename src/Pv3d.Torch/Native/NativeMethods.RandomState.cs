using System.Runtime.InteropServices;

namespace Pv3d.Torch.Native;

// Default CPU generator state (native/src/random_state.cpp).
internal static partial class NativeMethods
{
    [DllImport(NativeLib.Name)] public static extern int pv_cpu_rng_get_state(out IntPtr result);
    [DllImport(NativeLib.Name)] public static extern int pv_cpu_rng_set_state(TensorHandle state);
}
