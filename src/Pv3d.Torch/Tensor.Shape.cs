using Pv3d.Torch.Native;

namespace Pv3d.Torch;

// Shape ops. View, Permute, Transpose, Narrow, Slice, Select, Expand, Squeeze/Unsqueeze and
// AsStrided return views that share storage; Reshape and Flatten share when they can.
public sealed partial class Tensor
{
    private unsafe delegate int SizesOp(TensorHandle a, long* sizes, int n, out IntPtr result);

    private unsafe Tensor WithSizes(SizesOp call, long[] sizes)
    {
        fixed (long* p = sizes) return FromNative(call(Handle, p, sizes.Length, out var h), h);
    }

    /// <summary>A view with a new shape (one size may be -1); fails when the strides do not allow it.</summary>
    public unsafe Tensor View(params long[] shape) => WithSizes(NativeMethods.pv_view, shape);
    /// <summary>Like <see cref="View"/>, copying when a view is impossible.</summary>
    public unsafe Tensor Reshape(params long[] shape) => WithSizes(NativeMethods.pv_reshape, shape);
    public unsafe Tensor Permute(params int[] dims) => WithSizes(NativeMethods.pv_permute, Array.ConvertAll(dims, x => (long)x));
    /// <summary>Tiles the tensor: repeats[i] copies along dim i (extra leading repeats add dims).</summary>
    public unsafe Tensor Repeat(params long[] repeats) => WithSizes(NativeMethods.pv_repeat, repeats);
    /// <summary>Broadcasts size-1 dims to the given sizes without copying (-1 keeps a size).</summary>
    public unsafe Tensor Expand(params long[] sizes) => WithSizes(NativeMethods.pv_expand, sizes);
    public unsafe Tensor Flip(params int[] dims) => WithSizes(NativeMethods.pv_flip, Array.ConvertAll(dims, x => (long)x));

    public Tensor ExpandAs(Tensor other) => FromNative(NativeMethods.pv_expand_as(Handle, other.Handle, out var h), h);
    public Tensor ViewAs(Tensor other) => FromNative(NativeMethods.pv_view_as(Handle, other.Handle, out var h), h);
    public Tensor ReshapeAs(Tensor other) => FromNative(NativeMethods.pv_reshape_as(Handle, other.Handle, out var h), h);
    /// <summary>This tensor when already contiguous (a new handle to the same storage), else a contiguous copy.</summary>
    public Tensor Contiguous() => FromNative(NativeMethods.pv_contiguous(Handle, out var h), h);
    /// <summary>A copy with its own storage (recorded by autograd).</summary>
    public Tensor Clone() => FromNative(NativeMethods.pv_clone(Handle, out var h), h);
    /// <summary>Removes every size-1 dim.</summary>
    public Tensor Squeeze() => FromNative(NativeMethods.pv_squeeze_all(Handle, out var h), h);
    public Tensor Squeeze(int dim) => FromNative(NativeMethods.pv_squeeze_dim(Handle, dim, out var h), h);
    public Tensor Unsqueeze(int dim) => FromNative(NativeMethods.pv_unsqueeze(Handle, dim, out var h), h);
    /// <summary>The transpose of a matrix (tensors of at most 2 dims).</summary>
    public Tensor T() => FromNative(NativeMethods.pv_t(Handle, out var h), h);
    public Tensor Transpose(int dim0, int dim1) => FromNative(NativeMethods.pv_transpose(Handle, dim0, dim1, out var h), h);
    public Tensor Movedim(int source, int destination) => FromNative(NativeMethods.pv_movedim(Handle, source, destination, out var h), h);
    public Tensor Flatten(int startDim = 0, int endDim = -1) => FromNative(NativeMethods.pv_flatten(Handle, startDim, endDim, out var h), h);

    /// <summary>Splits dim <paramref name="dim"/> into the given sizes (one may be -1).</summary>
    public unsafe Tensor Unflatten(int dim, params long[] sizes)
    {
        fixed (long* p = sizes) return FromNative(NativeMethods.pv_unflatten(Handle, dim, p, sizes.Length, out var h), h);
    }

    /// <summary>The sub-tensor at <paramref name="index"/> along <paramref name="dim"/>, which is removed.</summary>
    public Tensor Select(int dim, long index) => FromNative(NativeMethods.pv_select(Handle, dim, index, out var h), h);

    public Tensor Narrow(int dim, long start, long length) => FromNative(NativeMethods.pv_narrow(Handle, dim, start, length, out var h), h);

    /// <summary>Python's a[..., start:end:step] on one dim; a null end runs to the end. Negative start/end count from the end.</summary>
    public Tensor Slice(int dim, long start, long? end = null, long step = 1) =>
        FromNative(NativeMethods.pv_slice(Handle, dim, start, end.HasValue ? 1 : 0, end ?? 0, step, out var h), h);

    /// <summary>Rolls elements along dims (elements shifted past the end come back at the start).</summary>
    public unsafe Tensor Roll(long[] shifts, int[] dims)
    {
        var d = Array.ConvertAll(dims, x => (long)x);
        fixed (long* s = shifts)
        fixed (long* p = d)
            return FromNative(NativeMethods.pv_roll(Handle, s, shifts.Length, p, d.Length, out var h), h);
    }

    public Tensor Roll(long shift, int dim) => Roll(new[] { shift }, new[] { dim });

    // ---- joining and splitting ------------------------------------------------------------

    /// <summary>Concatenates along an existing dim.</summary>
    public static Tensor Cat(IReadOnlyList<Tensor> tensors, int dim = 0)
    {
        IntPtr result = IntPtr.Zero;
        var status = WithHandles(tensors, (p, n) => NativeMethods.pv_cat(p, n, dim, out result));
        return FromNative(status, result);
    }

    /// <summary>Joins equally shaped tensors along a new dim.</summary>
    public static Tensor Stack(IReadOnlyList<Tensor> tensors, int dim = 0)
    {
        IntPtr result = IntPtr.Zero;
        var status = WithHandles(tensors, (p, n) => NativeMethods.pv_stack(p, n, dim, out result));
        return FromNative(status, result);
    }

    // A bad dim gets no room for results, so libtorch reports the dim error itself.
    private long DimSizeOrZero(int dim)
    {
        var shape = Shape;
        var d = dim < 0 ? dim + shape.Length : dim;
        return d >= 0 && d < shape.Length ? shape[d] : 0;
    }

    private unsafe delegate int ListOp(IntPtr* results, int capacity, out int count);

    private static unsafe Tensor[] CollectList(int capacity, ListOp call)
    {
        var handles = new IntPtr[Math.Max(capacity, 0)];
        int count;
        fixed (IntPtr* p = handles) NativeLib.Check(call(p, handles.Length, out count));
        var result = new Tensor[count];
        for (var i = 0; i < count; i++) result[i] = new Tensor(handles[i]);
        return result;
    }

    /// <summary>The slices along <paramref name="dim"/>, each without that dim (views).</summary>
    public unsafe Tensor[] Unbind(int dim = 0)
    {
        return CollectList((int)DimSizeOrZero(dim), (p, cap, out c) => NativeMethods.pv_unbind(Handle, dim, p, cap, out c));
    }

    /// <summary>At most <paramref name="chunks"/> views along <paramref name="dim"/>, the last possibly smaller.</summary>
    public unsafe Tensor[] Chunk(int chunks, int dim = 0) =>
        CollectList(chunks, (p, cap, out c) => NativeMethods.pv_chunk(Handle, chunks, dim, p, cap, out c));

    /// <summary>Views of <paramref name="splitSize"/> along <paramref name="dim"/>, the last possibly smaller.</summary>
    public unsafe Tensor[] Split(long splitSize, int dim = 0)
    {
        if (splitSize <= 0) throw new ArgumentOutOfRangeException(nameof(splitSize), splitSize, "split size must be positive");
        var n = (int)Math.Max(1, (DimSizeOrZero(dim) + splitSize - 1) / splitSize);
        return CollectList(n, (p, cap, out c) => NativeMethods.pv_split(Handle, splitSize, dim, p, cap, out c));
    }

    /// <summary>Views with the given sizes along <paramref name="dim"/> (they must add up to its size).</summary>
    public unsafe Tensor[] Split(long[] sizes, int dim = 0)
    {
        return CollectList(sizes.Length, (p, cap, out c) =>
        {
            fixed (long* s = sizes) return NativeMethods.pv_split_sizes(Handle, s, sizes.Length, dim, p, cap, out c);
        });
    }
}
