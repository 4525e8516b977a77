using Pv3d.Torch.Native;

namespace Pv3d.Torch;

// Matrix products and small dense linear algebra (batched over leading dims where noted).
public sealed partial class Tensor
{
    /// <summary>Matrix product with NumPy's rules: 1-D operands become vectors, leading dims broadcast.</summary>
    public Tensor Matmul(Tensor other) => FromNative(NativeMethods.pv_matmul(Handle, other.Handle, out var h), h);

    /// <summary>Product of two 2-D matrices.</summary>
    public Tensor Mm(Tensor other) => FromNative(NativeMethods.pv_mm(Handle, other.Handle, out var h), h);

    /// <summary>Batched product of [b, n, m] and [b, m, p].</summary>
    public Tensor Bmm(Tensor other) => FromNative(NativeMethods.pv_bmm(Handle, other.Handle, out var h), h);

    /// <summary>Outer product of two vectors.</summary>
    public Tensor Outer(Tensor other) => FromNative(NativeMethods.pv_outer(Handle, other.Handle, out var h), h);

    /// <summary>beta * input + alpha * (mat1 @ mat2).</summary>
    public static Tensor Addmm(Tensor input, Tensor mat1, Tensor mat2, double beta = 1, double alpha = 1) =>
        FromNative(NativeMethods.pv_addmm(input.Handle, mat1.Handle, mat2.Handle, beta, alpha, out var h), h);

    /// <summary>beta * input + alpha * bmm(batch1, batch2).</summary>
    public static Tensor Baddbmm(Tensor input, Tensor batch1, Tensor batch2, double beta = 1, double alpha = 1) =>
        FromNative(NativeMethods.pv_baddbmm(input.Handle, batch1.Handle, batch2.Handle, beta, alpha, out var h), h);

    /// <summary>Inverse of square matrices [..., n, n]; fails for singular input.</summary>
    public Tensor Inverse() => FromNative(NativeMethods.pv_linalg_inv(Handle, out var h), h);

    /// <summary>Determinant of square matrices [..., n, n].</summary>
    public Tensor Det() => FromNative(NativeMethods.pv_linalg_det(Handle, out var h), h);

    /// <summary>X with this @ X = b, for square matrices this [..., n, n].</summary>
    public Tensor Solve(Tensor b) => FromNative(NativeMethods.pv_linalg_solve(Handle, b.Handle, out var h), h);

    /// <summary>Cross product of 3-vectors along <paramref name="dim"/>.</summary>
    public Tensor Cross(Tensor other, int dim = -1) => FromNative(NativeMethods.pv_linalg_cross(Handle, other.Handle, dim, out var h), h);
}
