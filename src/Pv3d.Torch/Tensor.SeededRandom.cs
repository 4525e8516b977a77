using Pv3d.Torch.Native;

namespace Pv3d.Torch;

public sealed partial class Tensor
{
    /// <summary>
    /// Standard normal samples (CPU) from a private generator seeded with <paramref name="seed"/>: the same values as
    /// <c>TorchRandom.ManualSeed(seed)</c> followed by <see cref="Randn(long[])"/> (and PyTorch's
    /// <c>torch.randn(shape, generator=torch.Generator().manual_seed(seed))</c>), but untouched by other threads
    /// using the global generator, and leaving it alone.
    /// </summary>
    public static unsafe Tensor RandnSeeded(long[] shape, long seed, DType dtype = DType.Float32)
    {
        fixed (long* s = shape)
            return FromNative(NativeMethods.pv_randn_seeded(s, shape.Length, seed, (int)dtype, out var h), h);
    }
}
