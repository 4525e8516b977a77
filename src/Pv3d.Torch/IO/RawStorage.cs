using Pv3d.Torch.Native;

namespace Pv3d.Torch.IO;

/// <summary>
/// A flat CPU byte buffer owned by libtorch, filled in place by readers and viewed as typed tensors.
/// Views share its storage, so several tensors read from one checkpoint storage stay one storage.
/// </summary>
internal sealed class RawStorage : IDisposable
{
    public Tensor Bytes { get; }
    public long Length { get; }

    private RawStorage(Tensor bytes, long length)
    {
        Bytes = bytes;
        Length = length;
    }

    public static RawStorage Allocate(long nbytes)
    {
        if (nbytes < 0) throw new ArgumentOutOfRangeException(nameof(nbytes));
        // Allocated outside any scope: the owner disposes it, and the views keep the memory alive.
        var t = Tensor.FromNative(NativeMethods.pv_io_empty_bytes(nbytes, out var h), h).DetachFromScopes();
        return new RawStorage(t, nbytes);
    }

    /// <summary>Fills a new storage with exactly <paramref name="nbytes"/> bytes from a stream.</summary>
    public static RawStorage Read(Stream stream, long nbytes, Func<long, Exception> truncated)
    {
        var storage = Allocate(nbytes);
        try
        {
            long done = 0;
            while (done < nbytes)
            {
                var n = storage.Span(done, (int)Math.Min(nbytes - done, 1 << 24));
                var read = stream.Read(n);
                if (read <= 0) throw truncated(done);
                done += read;
            }
            return storage;
        }
        catch
        {
            storage.Dispose();
            throw;
        }
    }

    /// <summary>A writable window onto the bytes (valid while this storage lives).</summary>
    public unsafe Span<byte> Span(long start, int length)
    {
        if (start < 0 || length < 0 || start + length > Length) throw new ArgumentOutOfRangeException(nameof(start));
        if (length == 0) return Span<byte>.Empty;
        return new Span<byte>((byte*)Bytes.DataPtr + start, length);
    }

    /// <summary>A tensor of <paramref name="dtype"/> viewing this storage; offset and strides count elements.</summary>
    public unsafe Tensor View(DType dtype, long[] shape, long[] strides, long offset, bool contiguous = false)
    {
        if (shape.Length != strides.Length) throw new ArgumentException("shape and strides differ in length");
        fixed (long* s = shape)
        fixed (long* st = strides)
            return Tensor.FromNative(
                NativeMethods.pv_io_view_bytes(Bytes.Handle, (int)dtype, s, st, shape.Length, offset, contiguous ? 1 : 0, out var h), h);
    }

    public Tensor ViewContiguous(DType dtype, long[] shape) => View(dtype, shape, ContiguousStrides(shape), 0);

    /// <summary>Reverses the byte order of every element in place (big-endian sources).</summary>
    public void SwapBytes(int elementSize)
    {
        if (elementSize == 1) return;
        for (long start = 0; start < Length; start += 1 << 24)
        {
            var span = Span(start, (int)Math.Min(Length - start, 1 << 24));
            for (var i = 0; i + elementSize <= span.Length; i += elementSize) span.Slice(i, elementSize).Reverse();
        }
    }

    /// <summary>The elements of any tensor as raw bytes, row-major, on the CPU (native byte order).</summary>
    public static unsafe byte[] ContiguousBytes(Tensor t)
    {
        var n = checked(t.NumEl * t.DType.ElementSize());
        if (n > Array.MaxLength) throw new Pv3dException($"tensor of {n} bytes is too large to write in one piece");
        var bytes = new byte[n];
        fixed (byte* p = bytes) NativeLib.Check(NativeMethods.pv_tensor_copy_to(t.Handle, p, n));
        return bytes;
    }

    /// <summary>The number of elements of a shape, or an error for negative or overflowing sizes.</summary>
    public static long NumElOf(long[] shape, string what)
    {
        long n = 1;
        foreach (var s in shape)
        {
            if (s < 0) throw new Pv3dException($"{what}: negative size in shape [{string.Join(", ", shape)}]");
            try { n = checked(n * s); }
            catch (OverflowException) { throw new Pv3dException($"{what}: shape [{string.Join(", ", shape)}] is impossibly large"); }
        }
        return n;
    }

    public static long[] ContiguousStrides(long[] shape)
    {
        var strides = new long[shape.Length];
        long s = 1;
        for (var i = shape.Length - 1; i >= 0; i--)
        {
            strides[i] = s;
            s *= Math.Max(shape[i], 1);
        }
        return strides;
    }

    /// <summary>A copy of this storage on another device (views of it keep working there).</summary>
    public RawStorage To(Device device) => new(Bytes.To(device).DetachFromScopes(), Length);

    public void Dispose() => Bytes.Dispose();
}

/// <summary>Where a tensor's elements live: its whole storage (as bytes), the storage's identity, its offset.</summary>
internal readonly record struct StorageInfo(Tensor Bytes, IntPtr Id, long Offset)
{
    public static StorageInfo Of(Tensor t)
    {
        NativeLib.Check(NativeMethods.pv_io_storage_of(t.Handle, out var bytes, out var id, out var offset));
        return new StorageInfo(new Tensor(bytes), id, offset);
    }
}
