using Pv3d.Torch.Native;

namespace Pv3d.Torch;

// Pointwise math with broadcasting and PyTorch's type promotion. A double argument that holds an
// integral value acts as a Python int (int64 tensor + 1 stays int64); others act as a Python float.
public sealed partial class Tensor
{
    // ---- operators ------------------------------------------------------------------------

    public static Tensor operator +(Tensor a, Tensor b) => a.Add(b);
    public static Tensor operator +(Tensor a, double b) => a.Add(b);
    public static Tensor operator +(double a, Tensor b) => b.Add(a);
    public static Tensor operator -(Tensor a, Tensor b) => a.Sub(b);
    public static Tensor operator -(Tensor a, double b) => a.Sub(b);
    public static Tensor operator -(double a, Tensor b) => FromNative(NativeMethods.pv_rsub_scalar(b.Handle, a, out var h), h);
    public static Tensor operator *(Tensor a, Tensor b) => a.Mul(b);
    public static Tensor operator *(Tensor a, double b) => a.Mul(b);
    public static Tensor operator *(double a, Tensor b) => b.Mul(a);
    public static Tensor operator /(Tensor a, Tensor b) => a.Div(b);
    public static Tensor operator /(Tensor a, double b) => a.Div(b);
    public static Tensor operator /(double a, Tensor b) => FromNative(NativeMethods.pv_rdiv_scalar(b.Handle, a, out var h), h);
    public static Tensor operator %(Tensor a, Tensor b) => a.Remainder(b);
    public static Tensor operator %(Tensor a, double b) => a.Remainder(b);
    public static Tensor operator -(Tensor a) => a.Neg();
    public static Tensor operator &(Tensor a, Tensor b) => a.LogicalAnd(b);
    public static Tensor operator |(Tensor a, Tensor b) => a.LogicalOr(b);
    public static Tensor operator !(Tensor a) => a.LogicalNot();

    // ---- arithmetic -----------------------------------------------------------------------

    /// <summary>this + alpha * other.</summary>
    public Tensor Add(Tensor other, double alpha = 1) => FromNative(NativeMethods.pv_add(Handle, other.Handle, alpha, out var h), h);
    public Tensor Add(double other) => FromNative(NativeMethods.pv_add_scalar(Handle, other, out var h), h);
    /// <summary>this - alpha * other.</summary>
    public Tensor Sub(Tensor other, double alpha = 1) => FromNative(NativeMethods.pv_sub(Handle, other.Handle, alpha, out var h), h);
    public Tensor Sub(double other) => FromNative(NativeMethods.pv_sub_scalar(Handle, other, out var h), h);
    public Tensor Mul(Tensor other) => FromNative(NativeMethods.pv_mul(Handle, other.Handle, out var h), h);
    public Tensor Mul(double other) => FromNative(NativeMethods.pv_mul_scalar(Handle, other, out var h), h);
    /// <summary>True division: integer inputs give a floating result, as in PyTorch.</summary>
    public Tensor Div(Tensor other) => FromNative(NativeMethods.pv_div(Handle, other.Handle, out var h), h);
    public Tensor Div(double other) => FromNative(NativeMethods.pv_div_scalar(Handle, other, out var h), h);
    public Tensor Pow(Tensor exponent) => FromNative(NativeMethods.pv_pow(Handle, exponent.Handle, out var h), h);
    public Tensor Pow(double exponent) => FromNative(NativeMethods.pv_pow_scalar(Handle, exponent, out var h), h);
    /// <summary>baseValue raised to each element.</summary>
    public static Tensor Pow(double baseValue, Tensor exponent) => FromNative(NativeMethods.pv_rpow_scalar(exponent.Handle, baseValue, out var h), h);
    /// <summary>Python-style modulo (the result has the sign of the divisor).</summary>
    public Tensor Remainder(Tensor other) => FromNative(NativeMethods.pv_remainder(Handle, other.Handle, out var h), h);
    public Tensor Remainder(double other) => FromNative(NativeMethods.pv_remainder_scalar(Handle, other, out var h), h);
    public Tensor Maximum(Tensor other) => FromNative(NativeMethods.pv_maximum(Handle, other.Handle, out var h), h);
    public Tensor Minimum(Tensor other) => FromNative(NativeMethods.pv_minimum(Handle, other.Handle, out var h), h);
    /// <summary>atan2(this, other): the angle of the point (other, this).</summary>
    public Tensor Atan2(Tensor other) => FromNative(NativeMethods.pv_atan2(Handle, other.Handle, out var h), h);

    // ---- unary functions ------------------------------------------------------------------

    public Tensor Neg() => FromNative(NativeMethods.pv_neg(Handle, out var h), h);
    public Tensor Sqrt() => FromNative(NativeMethods.pv_sqrt(Handle, out var h), h);
    public Tensor Rsqrt() => FromNative(NativeMethods.pv_rsqrt(Handle, out var h), h);
    public Tensor Exp() => FromNative(NativeMethods.pv_exp(Handle, out var h), h);
    public Tensor Expm1() => FromNative(NativeMethods.pv_expm1(Handle, out var h), h);
    public Tensor Log() => FromNative(NativeMethods.pv_log(Handle, out var h), h);
    public Tensor Log1p() => FromNative(NativeMethods.pv_log1p(Handle, out var h), h);
    public Tensor Log2() => FromNative(NativeMethods.pv_log2(Handle, out var h), h);
    public Tensor Abs() => FromNative(NativeMethods.pv_abs(Handle, out var h), h);
    public Tensor Square() => FromNative(NativeMethods.pv_square(Handle, out var h), h);
    public Tensor Sin() => FromNative(NativeMethods.pv_sin(Handle, out var h), h);
    public Tensor Cos() => FromNative(NativeMethods.pv_cos(Handle, out var h), h);
    public Tensor Tan() => FromNative(NativeMethods.pv_tan(Handle, out var h), h);
    public Tensor Asin() => FromNative(NativeMethods.pv_asin(Handle, out var h), h);
    public Tensor Acos() => FromNative(NativeMethods.pv_acos(Handle, out var h), h);
    public Tensor Atan() => FromNative(NativeMethods.pv_atan(Handle, out var h), h);
    public Tensor Sign() => FromNative(NativeMethods.pv_sign(Handle, out var h), h);
    public Tensor Floor() => FromNative(NativeMethods.pv_floor(Handle, out var h), h);
    public Tensor Ceil() => FromNative(NativeMethods.pv_ceil(Handle, out var h), h);
    /// <summary>Rounds half to even, as PyTorch does.</summary>
    public Tensor Round() => FromNative(NativeMethods.pv_round(Handle, out var h), h);
    public Tensor Trunc() => FromNative(NativeMethods.pv_trunc(Handle, out var h), h);
    public Tensor Frac() => FromNative(NativeMethods.pv_frac(Handle, out var h), h);
    public Tensor Reciprocal() => FromNative(NativeMethods.pv_reciprocal(Handle, out var h), h);
    public Tensor Erf() => FromNative(NativeMethods.pv_erf(Handle, out var h), h);

    // ---- activations ----------------------------------------------------------------------

    public Tensor Sigmoid() => FromNative(NativeMethods.pv_sigmoid(Handle, out var h), h);
    public Tensor Relu() => FromNative(NativeMethods.pv_relu(Handle, out var h), h);
    public Tensor Tanh() => FromNative(NativeMethods.pv_tanh(Handle, out var h), h);
    public Tensor Silu() => FromNative(NativeMethods.pv_silu(Handle, out var h), h);
    public Tensor LeakyRelu(double negativeSlope = 0.01) => FromNative(NativeMethods.pv_leaky_relu(Handle, negativeSlope, out var h), h);
    /// <summary>log(1 + exp(beta x)) / beta, linear where beta x exceeds <paramref name="threshold"/>.</summary>
    public Tensor Softplus(double beta = 1, double threshold = 20) => FromNative(NativeMethods.pv_softplus(Handle, beta, threshold, out var h), h);

    // ---- clamping, selection, interpolation -----------------------------------------------

    public Tensor Clamp(double? min = null, double? max = null)
    {
        if (min is null && max is null) throw new ArgumentException("Clamp needs at least one of min and max");
        return FromNative(NativeMethods.pv_clamp(Handle, min.HasValue ? 1 : 0, min ?? 0, max.HasValue ? 1 : 0, max ?? 0, out var h), h);
    }

    public Tensor ClampMin(double min) => Clamp(min, null);
    public Tensor ClampMax(double max) => Clamp(null, max);

    /// <summary>Clamps elementwise between broadcast tensors; either bound may be null.</summary>
    public Tensor Clamp(Tensor? min, Tensor? max)
    {
        if (min is null && max is null) throw new ArgumentException("Clamp needs at least one of min and max");
        IntPtr result = IntPtr.Zero;
        var status = WithOptionalHandle(min, lo => WithOptionalHandle(max, hi => NativeMethods.pv_clamp_tensor(Handle, lo, hi, out result)));
        return FromNative(status, result);
    }

    /// <summary>Elements of <paramref name="a"/> where <paramref name="condition"/> holds, else of <paramref name="b"/>.</summary>
    public static Tensor Where(Tensor condition, Tensor a, Tensor b) =>
        FromNative(NativeMethods.pv_where(condition.Handle, a.Handle, b.Handle, out var h), h);

    /// <summary>this + weight * (end - this).</summary>
    public Tensor Lerp(Tensor end, double weight) => FromNative(NativeMethods.pv_lerp(Handle, end.Handle, weight, out var h), h);
    public Tensor Lerp(Tensor end, Tensor weight) => FromNative(NativeMethods.pv_lerp_tensor(Handle, end.Handle, weight.Handle, out var h), h);

    // ---- comparisons and logic (bool results) ---------------------------------------------

    public Tensor Eq(Tensor other) => FromNative(NativeMethods.pv_eq(Handle, other.Handle, out var h), h);
    public Tensor Ne(Tensor other) => FromNative(NativeMethods.pv_ne(Handle, other.Handle, out var h), h);
    public Tensor Lt(Tensor other) => FromNative(NativeMethods.pv_lt(Handle, other.Handle, out var h), h);
    public Tensor Le(Tensor other) => FromNative(NativeMethods.pv_le(Handle, other.Handle, out var h), h);
    public Tensor Gt(Tensor other) => FromNative(NativeMethods.pv_gt(Handle, other.Handle, out var h), h);
    public Tensor Ge(Tensor other) => FromNative(NativeMethods.pv_ge(Handle, other.Handle, out var h), h);
    public Tensor Eq(double other) => FromNative(NativeMethods.pv_eq_scalar(Handle, other, out var h), h);
    public Tensor Ne(double other) => FromNative(NativeMethods.pv_ne_scalar(Handle, other, out var h), h);
    public Tensor Lt(double other) => FromNative(NativeMethods.pv_lt_scalar(Handle, other, out var h), h);
    public Tensor Le(double other) => FromNative(NativeMethods.pv_le_scalar(Handle, other, out var h), h);
    public Tensor Gt(double other) => FromNative(NativeMethods.pv_gt_scalar(Handle, other, out var h), h);
    public Tensor Ge(double other) => FromNative(NativeMethods.pv_ge_scalar(Handle, other, out var h), h);
    public Tensor LogicalAnd(Tensor other) => FromNative(NativeMethods.pv_logical_and(Handle, other.Handle, out var h), h);
    public Tensor LogicalOr(Tensor other) => FromNative(NativeMethods.pv_logical_or(Handle, other.Handle, out var h), h);
    public Tensor LogicalXor(Tensor other) => FromNative(NativeMethods.pv_logical_xor(Handle, other.Handle, out var h), h);
    public Tensor LogicalNot() => FromNative(NativeMethods.pv_logical_not(Handle, out var h), h);
    public Tensor IsNan() => FromNative(NativeMethods.pv_isnan(Handle, out var h), h);
    public Tensor IsInf() => FromNative(NativeMethods.pv_isinf(Handle, out var h), h);
    public Tensor IsFinite() => FromNative(NativeMethods.pv_isfinite(Handle, out var h), h);

    /// <summary>|this - other| &lt;= atol + rtol |other| everywhere (shapes must broadcast).</summary>
    public bool AllClose(Tensor other, double rtol = 1e-5, double atol = 1e-8)
    {
        NativeLib.Check(NativeMethods.pv_allclose(Handle, other.Handle, rtol, atol, out var r));
        return r != 0;
    }

    /// <summary>Same shape and the same elements.</summary>
    public bool Equal(Tensor other)
    {
        NativeLib.Check(NativeMethods.pv_equal(Handle, other.Handle, out var r));
        return r != 0;
    }
}
