using System.Runtime.InteropServices;
using Pv3d.Torch.Native;

namespace Pv3d.Torch;

/// <summary>
/// A libtorch tensor. Owns one native handle; dispose it, or create it inside a <see cref="TensorScope"/>
/// that disposes it. The operations live in the other Tensor.*.cs files, grouped by area.
/// </summary>
public sealed partial class Tensor : IDisposable
{
    private readonly TensorHandle _handle;
    internal TensorScope? Scope;

    static Tensor() => TorchRuntime.EnsureInitialized();

    internal Tensor(IntPtr handle)
    {
        if (handle == IntPtr.Zero) throw new TorchException("native call returned no tensor");
        _handle = new TensorHandle(handle);
        TensorScope.Register(this);
    }

    internal TensorHandle Handle => _handle.IsClosed ? throw new ObjectDisposedException("Tensor") : _handle;

    public bool IsDisposed => _handle.IsClosed;

    public void Dispose()
    {
        _handle.Dispose();
        Scope = null;
    }

    /// <summary>Wraps the result of a native call that produces a new tensor.</summary>
    internal static Tensor FromNative(int status, IntPtr handle)
    {
        NativeLib.Check(status);
        return new Tensor(handle);
    }

    // ---- metadata -------------------------------------------------------------------------

    public long Dim
    {
        get { NativeLib.Check(NativeMethods.pv_tensor_dim(Handle, out var d)); return d; }
    }

    public unsafe long[] Shape
    {
        get
        {
            var shape = new long[Dim];
            fixed (long* p = shape) NativeLib.Check(NativeMethods.pv_tensor_sizes(Handle, p));
            return shape;
        }
    }

    public unsafe long[] Strides
    {
        get
        {
            var strides = new long[Dim];
            fixed (long* p = strides) NativeLib.Check(NativeMethods.pv_tensor_strides(Handle, p));
            return strides;
        }
    }

    public long Size(int dim)
    {
        var shape = Shape;
        return shape[dim < 0 ? dim + shape.Length : dim];
    }

    public DType DType
    {
        get { NativeLib.Check(NativeMethods.pv_tensor_dtype(Handle, out var d)); return (DType)d; }
    }

    public Device Device
    {
        get { NativeLib.Check(NativeMethods.pv_tensor_device(Handle, out var t, out var i)); return new Device((DeviceType)t, i); }
    }

    public long NumEl
    {
        get { NativeLib.Check(NativeMethods.pv_tensor_numel(Handle, out var n)); return n; }
    }

    public bool IsContiguous
    {
        get { NativeLib.Check(NativeMethods.pv_tensor_is_contiguous(Handle, out var c)); return c != 0; }
    }

    public override string ToString() => $"Tensor[{string.Join(", ", Shape)}] {DType} {Device}";

    // ---- scopes ---------------------------------------------------------------------------

    /// <summary>Hands this tensor to the enclosing scope (or to no scope at the outermost level).</summary>
    public Tensor MoveToOuterScope()
    {
        TensorScope.MoveOut(this);
        return this;
    }

    /// <summary>Takes this tensor out of every scope: the caller (for example a module) owns it now.</summary>
    public Tensor DetachFromScopes()
    {
        Scope = null;
        return this;
    }

    // ---- data in and out ------------------------------------------------------------------

    /// <summary>Copies a .NET span into a new contiguous CPU tensor of the given shape.</summary>
    public static unsafe Tensor FromSpan<T>(ReadOnlySpan<T> data, params long[] shape) where T : unmanaged
    {
        var dtype = DTypeOf<T>();
        long count = 1;
        foreach (var s in shape) count *= s;
        if (count != data.Length)
            throw new ArgumentException($"shape [{string.Join(", ", shape)}] holds {count} elements but {data.Length} were given");
        fixed (T* p = data)
        fixed (long* s = shape)
        {
            return FromNative(NativeMethods.pv_tensor_from_data(p, s, shape.Length, (int)dtype, out var h), h);
        }
    }

    public static Tensor FromArray<T>(T[] data, params long[] shape) where T : unmanaged =>
        FromSpan<T>(data, shape.Length == 0 ? new long[] { data.Length } : shape);

    public static Tensor FromArray(bool[] data, params long[] shape)
    {
        var bytes = new byte[data.Length];
        for (var i = 0; i < data.Length; i++) bytes[i] = data[i] ? (byte)1 : (byte)0;
        using var u8 = FromArray(bytes, shape);
        return u8.To(DType.Bool);
    }

    /// <summary>Copies the elements (row-major, on the CPU) into a new array. T must match the dtype.</summary>
    public unsafe T[] ToArray<T>() where T : unmanaged
    {
        var expected = DTypeOf<T>();
        if (expected != DType && !(typeof(T) == typeof(byte) && DType == DType.Bool))
            throw new InvalidOperationException($"tensor has dtype {DType}, cannot read it as {typeof(T).Name}");
        var result = new T[NumEl];
        fixed (T* p = result)
            NativeLib.Check(NativeMethods.pv_tensor_copy_to(Handle, p, (long)result.Length * sizeof(T)));
        return result;
    }

    /// <summary>
    /// A view of the elements without copying: only for contiguous CPU tensors, valid while the tensor
    /// lives and is not resized. Writes through the span change the tensor.
    /// </summary>
    public unsafe Span<T> AsSpan<T>() where T : unmanaged
    {
        if (DTypeOf<T>() != DType) throw new InvalidOperationException($"tensor has dtype {DType}, cannot view it as {typeof(T).Name}");
        if (Device.Type != DeviceType.CPU || !IsContiguous)
            throw new InvalidOperationException("AsSpan needs a contiguous CPU tensor; call Contiguous() or Cpu() first");
        return new Span<T>((void*)DataPtr, checked((int)NumEl));
    }

    /// <summary>Reads a one-element tensor as a double.</summary>
    public double Item()
    {
        if (NumEl != 1) throw new InvalidOperationException($"Item() needs one element, tensor has shape [{string.Join(", ", Shape)}]");
        using var d = To(DType.Float64);
        return d.ToArray<double>()[0];
    }

    /// <summary>Pointer to the first element (CPU tensors): valid while the tensor lives.</summary>
    public IntPtr DataPtr
    {
        get { NativeLib.Check(NativeMethods.pv_tensor_data_ptr(Handle, out var p)); return p; }
    }

    public static DType DTypeOf<T>() where T : unmanaged
    {
        if (typeof(T) == typeof(float)) return DType.Float32;
        if (typeof(T) == typeof(double)) return DType.Float64;
        if (typeof(T) == typeof(long)) return DType.Int64;
        if (typeof(T) == typeof(int)) return DType.Int32;
        if (typeof(T) == typeof(short)) return DType.Int16;
        if (typeof(T) == typeof(byte)) return DType.UInt8;
        if (typeof(T) == typeof(sbyte)) return DType.Int8;
        if (typeof(T) == typeof(Half)) return DType.Float16;
        throw new NotSupportedException($"no tensor dtype for {typeof(T).Name}");
    }

    /// <summary>Runs a native call that takes an array of tensor handles, keeping the tensors alive.</summary>
    internal static unsafe int WithHandles(IReadOnlyList<Tensor?> tensors, Func<IntPtr, int, int> call)
    {
        var handles = new IntPtr[tensors.Count];
        var added = new bool[tensors.Count];
        try
        {
            for (var i = 0; i < tensors.Count; i++)
            {
                var t = tensors[i];
                if (t is null) continue;
                t.Handle.DangerousAddRef(ref added[i]);
                handles[i] = t.Handle.DangerousGetHandle();
            }
            fixed (IntPtr* p = handles) return call((IntPtr)p, handles.Length);
        }
        finally
        {
            for (var i = 0; i < tensors.Count; i++)
                if (added[i]) tensors[i]!.Handle.DangerousRelease();
        }
    }
}
