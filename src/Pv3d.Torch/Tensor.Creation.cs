using Pv3d.Torch.Native;

namespace Pv3d.Torch;

// Creation: filled, ranged and random tensors. Every function takes an optional device (CPU when null)
// and, in its full overload, whether the new tensor is a leaf that requires grad.
public sealed partial class Tensor
{
    private unsafe delegate int SizedFactory(long* sizes, int n, int dtype, int deviceType, int deviceIndex, out IntPtr result);

    private static unsafe Tensor Create(SizedFactory factory, long[] shape, DType dtype, Device? device, bool requiresGrad)
    {
        var d = device ?? Device.CPU;
        Tensor t;
        fixed (long* s = shape) t = FromNative(factory(s, shape.Length, (int)dtype, (int)d.Type, d.Index, out var h), h);
        return requiresGrad ? t.SetRequiresGrad() : t;
    }

    private static Tensor Finish(Tensor t, bool requiresGrad) => requiresGrad ? t.SetRequiresGrad() : t;

    public static Tensor Zeros(params long[] shape) => Zeros(shape, DType.Float32);

    public static unsafe Tensor Zeros(long[] shape, DType dtype, Device? device = null, bool requiresGrad = false) =>
        Create(NativeMethods.pv_zeros, shape, dtype, device, requiresGrad);

    public static Tensor Ones(params long[] shape) => Ones(shape, DType.Float32);

    public static unsafe Tensor Ones(long[] shape, DType dtype, Device? device = null, bool requiresGrad = false) =>
        Create(NativeMethods.pv_ones, shape, dtype, device, requiresGrad);

    /// <summary>Uninitialised memory: every element must be written before it is read.</summary>
    public static Tensor Empty(params long[] shape) => Empty(shape, DType.Float32);

    public static unsafe Tensor Empty(long[] shape, DType dtype, Device? device = null, bool requiresGrad = false) =>
        Create(NativeMethods.pv_empty, shape, dtype, device, requiresGrad);

    /// <summary>Standard normal samples from the global generator (see <see cref="TorchRandom.ManualSeed"/>).</summary>
    public static Tensor Randn(params long[] shape) => Randn(shape, DType.Float32);

    public static unsafe Tensor Randn(long[] shape, DType dtype, Device? device = null, bool requiresGrad = false) =>
        Create(NativeMethods.pv_randn, shape, dtype, device, requiresGrad);

    /// <summary>Uniform samples in [0, 1).</summary>
    public static Tensor Rand(params long[] shape) => Rand(shape, DType.Float32);

    public static unsafe Tensor Rand(long[] shape, DType dtype, Device? device = null, bool requiresGrad = false) =>
        Create(NativeMethods.pv_rand, shape, dtype, device, requiresGrad);

    public static Tensor Full(long[] shape, double value, DType dtype = DType.Float32, Device? device = null, bool requiresGrad = false)
    {
        var d = device ?? Device.CPU;
        unsafe
        {
            fixed (long* s = shape)
                return Finish(FromNative(NativeMethods.pv_full(s, shape.Length, value, (int)dtype, (int)d.Type, d.Index, out var h), h), requiresGrad);
        }
    }

    /// <summary>Integers drawn uniformly from [low, high).</summary>
    public static unsafe Tensor RandInt(long low, long high, long[] shape, DType dtype = DType.Int64, Device? device = null)
    {
        var d = device ?? Device.CPU;
        fixed (long* s = shape)
            return FromNative(NativeMethods.pv_randint(low, high, s, shape.Length, (int)dtype, (int)d.Type, d.Index, out var h), h);
    }

    /// <summary>A random permutation of 0 .. n-1.</summary>
    public static Tensor RandPerm(long n, DType dtype = DType.Int64, Device? device = null)
    {
        var d = device ?? Device.CPU;
        return FromNative(NativeMethods.pv_randperm(n, (int)dtype, (int)d.Type, d.Index, out var h), h);
    }

    /// <summary>A zero-dimensional tensor holding one value.</summary>
    public static Tensor Scalar(double value, DType dtype = DType.Float32, Device? device = null, bool requiresGrad = false)
    {
        var d = device ?? Device.CPU;
        return Finish(FromNative(NativeMethods.pv_scalar_tensor(value, (int)dtype, (int)d.Type, d.Index, out var h), h), requiresGrad);
    }

    /// <summary>0, 1, ..., up to but excluding <paramref name="end"/>.</summary>
    public static Tensor Arange(double end) => Arange(0, end, 1);

    /// <summary>start, start+step, ... up to but excluding <paramref name="end"/>.</summary>
    public static Tensor Arange(double start, double end, double step = 1, DType dtype = DType.Float32, Device? device = null, bool requiresGrad = false)
    {
        var d = device ?? Device.CPU;
        return Finish(FromNative(NativeMethods.pv_arange(start, end, step, (int)dtype, (int)d.Type, d.Index, out var h), h), requiresGrad);
    }

    /// <summary><paramref name="steps"/> evenly spaced values from start to end, both included.</summary>
    public static Tensor Linspace(double start, double end, long steps, DType dtype = DType.Float32, Device? device = null, bool requiresGrad = false)
    {
        var d = device ?? Device.CPU;
        return Finish(FromNative(NativeMethods.pv_linspace(start, end, steps, (int)dtype, (int)d.Type, d.Index, out var h), h), requiresGrad);
    }

    // ---- like another tensor (same shape, dtype and device) ---------------------------------

    public static Tensor ZerosLike(Tensor t) => FromNative(NativeMethods.pv_zeros_like(t.Handle, out var h), h);
    public static Tensor OnesLike(Tensor t) => FromNative(NativeMethods.pv_ones_like(t.Handle, out var h), h);
    public static Tensor EmptyLike(Tensor t) => FromNative(NativeMethods.pv_empty_like(t.Handle, out var h), h);
    public static Tensor RandnLike(Tensor t) => FromNative(NativeMethods.pv_randn_like(t.Handle, out var h), h);
    public static Tensor RandLike(Tensor t) => FromNative(NativeMethods.pv_rand_like(t.Handle, out var h), h);
    public static Tensor FullLike(Tensor t, double value) => FromNative(NativeMethods.pv_full_like(t.Handle, value, out var h), h);

    /// <summary>
    /// A view of this tensor's storage with the given sizes, strides (in elements) and storage offset:
    /// no copy. Writes through either alias show in both.
    /// </summary>
    public unsafe Tensor AsStrided(long[] sizes, long[] strides, long storageOffset = 0)
    {
        fixed (long* s = sizes)
        fixed (long* st = strides)
            return FromNative(NativeMethods.pv_as_strided(Handle, s, sizes.Length, st, strides.Length, storageOffset, out var h), h);
    }
}
