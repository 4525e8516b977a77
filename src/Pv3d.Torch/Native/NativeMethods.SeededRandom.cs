using System.Runtime.InteropServices;

namespace Pv3d.Torch.Native;

// Draws from a private, call-local generator (native/src/seeded_random.cpp).
internal static unsafe partial class NativeMethods
{
    [DllImport(NativeLib.Name)] public static extern int pv_randn_seeded(long* sizes, int n, long seed, int dtype, out IntPtr result);
}
