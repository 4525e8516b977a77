using Pv3d.Torch.Native;

namespace Pv3d.Torch;

/// <summary>The global random generators used by <see cref="Tensor.Randn(long[])"/>, dropout, initialisers and the like.</summary>
public static class TorchRandom
{
    /// <summary>Seeds the default CPU generator and, when CUDA is present, every CUDA generator.</summary>
    public static void ManualSeed(long seed)
    {
        TorchRuntime.EnsureInitialized();
        NativeLib.Check(NativeMethods.pv_manual_seed(seed));
    }

    /// <summary>The seed the CPU generator was last seeded with.</summary>
    public static long InitialSeed
    {
        get { NativeLib.Check(NativeMethods.pv_initial_seed(out var s)); return s; }
    }
}
