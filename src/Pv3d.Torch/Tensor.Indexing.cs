using Pv3d.Torch.Native;

namespace Pv3d.Torch;

// Indexing with index tensors (int64) and masks (bool).
public sealed partial class Tensor
{
    /// <summary>out[i][j] = this[index[i][j]][j] for dim 0 (and likewise for other dims).</summary>
    public Tensor Gather(int dim, Tensor index) => FromNative(NativeMethods.pv_gather(Handle, dim, index.Handle, out var h), h);

    /// <summary>The entries at <paramref name="index"/> (1-D) along <paramref name="dim"/>.</summary>
    public Tensor IndexSelect(int dim, Tensor index) => FromNative(NativeMethods.pv_index_select(Handle, dim, index.Handle, out var h), h);

    /// <summary>A copy with src written at index along dim (the inverse of <see cref="Gather"/>).</summary>
    public Tensor Scatter(int dim, Tensor index, Tensor src) =>
        FromNative(NativeMethods.pv_scatter(Handle, dim, index.Handle, src.Handle, out var h), h);

    /// <summary>A copy with src added at index along dim (repeated indices accumulate).</summary>
    public Tensor ScatterAdd(int dim, Tensor index, Tensor src) =>
        FromNative(NativeMethods.pv_scatter_add(Handle, dim, index.Handle, src.Handle, out var h), h);

    /// <summary>A copy with the slices of src added at the 1-D index along dim.</summary>
    public Tensor IndexAdd(int dim, Tensor index, Tensor src) =>
        FromNative(NativeMethods.pv_index_add(Handle, dim, index.Handle, src.Handle, out var h), h);

    /// <summary>A copy with <paramref name="value"/> wherever the (broadcast) mask is true.</summary>
    public Tensor MaskedFill(Tensor mask, double value) => FromNative(NativeMethods.pv_masked_fill(Handle, mask.Handle, value, out var h), h);

    /// <summary>Like <see cref="MaskedFill(Tensor, double)"/> with a zero-dimensional value tensor (differentiable).</summary>
    public Tensor MaskedFill(Tensor mask, Tensor value) =>
        FromNative(NativeMethods.pv_masked_fill_tensor(Handle, mask.Handle, value.Handle, out var h), h);

    /// <summary>The elements where the mask is true, as a 1-D tensor.</summary>
    public Tensor MaskedSelect(Tensor mask) => FromNative(NativeMethods.pv_masked_select(Handle, mask.Handle, out var h), h);

    /// <summary>Coordinates of the non-zero elements, one row each: [count, dims], int64.</summary>
    public Tensor Nonzero() => FromNative(NativeMethods.pv_nonzero(Handle, out var h), h);

    /// <summary>
    /// Advanced indexing, this[i0, i1, ...]: one int64 or bool tensor per leading dim; null entries
    /// keep that dim whole (like ':').
    /// </summary>
    public Tensor Index(params Tensor?[] indices)
    {
        IntPtr result = IntPtr.Zero;
        var status = WithHandles(indices, (p, n) => NativeMethods.pv_index(Handle, p, n, out result));
        return FromNative(status, result);
    }

    /// <summary>A copy with this[indices] = values (or += when <paramref name="accumulate"/>).</summary>
    public Tensor IndexPut(Tensor?[] indices, Tensor values, bool accumulate = false)
    {
        IntPtr result = IntPtr.Zero;
        var status = WithHandles(indices, (p, n) => NativeMethods.pv_index_put(Handle, p, n, values.Handle, accumulate ? 1 : 0, out result));
        return FromNative(status, result);
    }

    /// <summary>this[indices] = values in place (or += when <paramref name="accumulate"/>); returns this.</summary>
    public Tensor IndexPutInPlace(Tensor?[] indices, Tensor values, bool accumulate = false)
    {
        NativeLib.Check(WithHandles(indices, (p, n) => NativeMethods.pv_index_put_(Handle, p, n, values.Handle, accumulate ? 1 : 0)));
        return this;
    }
}
