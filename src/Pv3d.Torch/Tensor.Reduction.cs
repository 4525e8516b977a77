using Pv3d.Torch.Native;

namespace Pv3d.Torch;

// Reductions over all elements or over some dims (negative dims count from the end), scans,
// sorting and searching. Integer and bool sums come back as int64, as in PyTorch.
public sealed partial class Tensor
{
    private unsafe delegate int DimsReduction(TensorHandle a, long* dims, int n, int keepDim, out IntPtr result);

    private unsafe Tensor ReduceDims(DimsReduction call, int[] dims, bool keepDim)
    {
        var d = Array.ConvertAll(dims, x => (long)x);
        fixed (long* p = d) return FromNative(call(Handle, p, d.Length, keepDim ? 1 : 0, out var h), h);
    }

    public Tensor Sum() => FromNative(NativeMethods.pv_sum(Handle, out var h), h);
    public unsafe Tensor Sum(int[] dims, bool keepDim = false) => ReduceDims(NativeMethods.pv_sum_dims, dims, keepDim);
    public Tensor Sum(int dim, bool keepDim = false) => Sum(new[] { dim }, keepDim);

    public Tensor Mean() => FromNative(NativeMethods.pv_mean(Handle, out var h), h);
    public unsafe Tensor Mean(int[] dims, bool keepDim = false) => ReduceDims(NativeMethods.pv_mean_dims, dims, keepDim);
    public Tensor Mean(int dim, bool keepDim = false) => Mean(new[] { dim }, keepDim);

    public Tensor Prod() => FromNative(NativeMethods.pv_prod(Handle, out var h), h);
    public Tensor Prod(int dim, bool keepDim = false) => FromNative(NativeMethods.pv_prod_dim(Handle, dim, keepDim ? 1 : 0, out var h), h);

    /// <summary>Standard deviation; <paramref name="unbiased"/> divides by N-1 (Bessel's correction).</summary>
    public Tensor Std(bool unbiased = true) => FromNative(NativeMethods.pv_std(Handle, unbiased ? 1 : 0, out var h), h);

    public unsafe Tensor Std(int[] dims, bool unbiased = true, bool keepDim = false)
    {
        var d = Array.ConvertAll(dims, x => (long)x);
        fixed (long* p = d) return FromNative(NativeMethods.pv_std_dims(Handle, p, d.Length, unbiased ? 1 : 0, keepDim ? 1 : 0, out var h), h);
    }

    public Tensor Std(int dim, bool unbiased = true, bool keepDim = false) => Std(new[] { dim }, unbiased, keepDim);

    public Tensor Var(bool unbiased = true) => FromNative(NativeMethods.pv_var(Handle, unbiased ? 1 : 0, out var h), h);

    public unsafe Tensor Var(int[] dims, bool unbiased = true, bool keepDim = false)
    {
        var d = Array.ConvertAll(dims, x => (long)x);
        fixed (long* p = d) return FromNative(NativeMethods.pv_var_dims(Handle, p, d.Length, unbiased ? 1 : 0, keepDim ? 1 : 0, out var h), h);
    }

    public Tensor Var(int dim, bool unbiased = true, bool keepDim = false) => Var(new[] { dim }, unbiased, keepDim);

    /// <summary>The p-norm of all elements (p may be double.PositiveInfinity).</summary>
    public Tensor Norm(double p = 2) => FromNative(NativeMethods.pv_norm(Handle, p, out var h), h);

    public unsafe Tensor Norm(double p, int[] dims, bool keepDim = false)
    {
        var d = Array.ConvertAll(dims, x => (long)x);
        fixed (long* q = d) return FromNative(NativeMethods.pv_norm_dims(Handle, p, q, d.Length, keepDim ? 1 : 0, out var h), h);
    }

    public Tensor Norm(double p, int dim, bool keepDim = false) => Norm(p, new[] { dim }, keepDim);

    /// <summary>The largest element (a zero-dimensional tensor).</summary>
    public Tensor Max() => FromNative(NativeMethods.pv_max_all(Handle, out var h), h);
    public Tensor Min() => FromNative(NativeMethods.pv_min_all(Handle, out var h), h);

    /// <summary>Largest values along <paramref name="dim"/> and where they are (int64).</summary>
    public (Tensor Values, Tensor Indices) Max(int dim, bool keepDim = false)
    {
        var status = NativeMethods.pv_max_dim(Handle, dim, keepDim ? 1 : 0, out var v, out var i);
        return (FromNative(status, v), new Tensor(i));
    }

    public (Tensor Values, Tensor Indices) Min(int dim, bool keepDim = false)
    {
        var status = NativeMethods.pv_min_dim(Handle, dim, keepDim ? 1 : 0, out var v, out var i);
        return (FromNative(status, v), new Tensor(i));
    }

    public unsafe Tensor Amax(int[] dims, bool keepDim = false) => ReduceDims(NativeMethods.pv_amax, dims, keepDim);
    public Tensor Amax(int dim, bool keepDim = false) => Amax(new[] { dim }, keepDim);
    public unsafe Tensor Amin(int[] dims, bool keepDim = false) => ReduceDims(NativeMethods.pv_amin, dims, keepDim);
    public Tensor Amin(int dim, bool keepDim = false) => Amin(new[] { dim }, keepDim);
    public unsafe Tensor Logsumexp(int[] dims, bool keepDim = false) => ReduceDims(NativeMethods.pv_logsumexp, dims, keepDim);
    public Tensor Logsumexp(int dim, bool keepDim = false) => Logsumexp(new[] { dim }, keepDim);

    /// <summary>Index of the largest element of the flattened tensor.</summary>
    public Tensor Argmax() => FromNative(NativeMethods.pv_argmax(Handle, 0, 0, 0, out var h), h);
    public Tensor Argmax(int dim, bool keepDim = false) => FromNative(NativeMethods.pv_argmax(Handle, 1, dim, keepDim ? 1 : 0, out var h), h);
    public Tensor Argmin() => FromNative(NativeMethods.pv_argmin(Handle, 0, 0, 0, out var h), h);
    public Tensor Argmin(int dim, bool keepDim = false) => FromNative(NativeMethods.pv_argmin(Handle, 1, dim, keepDim ? 1 : 0, out var h), h);

    /// <summary>True when any element is non-zero (a zero-dimensional bool tensor).</summary>
    public Tensor Any() => FromNative(NativeMethods.pv_any(Handle, out var h), h);
    public Tensor All() => FromNative(NativeMethods.pv_all(Handle, out var h), h);

    public Tensor Cumsum(int dim) => FromNative(NativeMethods.pv_cumsum(Handle, dim, out var h), h);
    public Tensor Cumprod(int dim) => FromNative(NativeMethods.pv_cumprod(Handle, dim, out var h), h);

    /// <summary>Sorted values along <paramref name="dim"/> and their original positions.</summary>
    public (Tensor Values, Tensor Indices) Sort(int dim = -1, bool descending = false, bool stable = false)
    {
        var status = NativeMethods.pv_sort(Handle, dim, descending ? 1 : 0, stable ? 1 : 0, out var v, out var i);
        return (FromNative(status, v), new Tensor(i));
    }

    public Tensor Argsort(int dim = -1, bool descending = false) => FromNative(NativeMethods.pv_argsort(Handle, dim, descending ? 1 : 0, out var h), h);

    /// <summary>The k largest (or smallest) values along <paramref name="dim"/>, sorted, with their positions.</summary>
    public (Tensor Values, Tensor Indices) TopK(long k, int dim = -1, bool largest = true)
    {
        var status = NativeMethods.pv_topk(Handle, k, dim, largest ? 1 : 0, out var v, out var i);
        return (FromNative(status, v), new Tensor(i));
    }

    /// <summary>
    /// For each value, the index at which it would be inserted into the last dim of
    /// <paramref name="sortedSequence"/> to keep it sorted: the first such index, or the last when
    /// <paramref name="right"/>. Leading dims of the sequence pair up with those of the values.
    /// </summary>
    public static Tensor Searchsorted(Tensor sortedSequence, Tensor values, bool right = false) =>
        FromNative(NativeMethods.pv_searchsorted(sortedSequence.Handle, values.Handle, right ? 1 : 0, out var h), h);
}
