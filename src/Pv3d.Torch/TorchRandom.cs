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

    /// <summary>
    /// A copy of the default CPU generator's state (libtorch's serialisation: the Mersenne Twister and
    /// the cached normal samples), for <see cref="SetState"/>; what torch.get_rng_state() returns.
    /// </summary>
    public static byte[] GetState()
    {
        TorchRuntime.EnsureInitialized();
        using var state = Tensor.FromNative(NativeMethods.pv_cpu_rng_get_state(out var h), h);
        return state.ToArray<byte>();
    }

    /// <summary>Restores a state from <see cref="GetState"/>: the draws that follow repeat those that followed it.</summary>
    public static void SetState(byte[] state)
    {
        ArgumentNullException.ThrowIfNull(state);
        TorchRuntime.EnsureInitialized();
        using var t = Tensor.FromArray(state, state.Length);
        NativeLib.Check(NativeMethods.pv_cpu_rng_set_state(t.Handle));
    }
}
