using Pv3d.Torch.Native;

namespace Pv3d.Torch;

// In-place updates: each modifies this tensor's storage, returns this, and creates no new handle
// (what optimisers and EMA updates need to run at flat memory). Autograd rejects in-place changes
// of leaves that require grad, unless inside Autograd.NoGrad().
public sealed partial class Tensor
{
    private Tensor Done(int status)
    {
        NativeLib.Check(status);
        return this;
    }

    /// <summary>this += alpha * other.</summary>
    public Tensor AddInPlace(Tensor other, double alpha = 1) => Done(NativeMethods.pv_add_(Handle, other.Handle, alpha));
    public Tensor AddInPlace(double value) => Done(NativeMethods.pv_add_scalar_(Handle, value));
    /// <summary>this -= alpha * other.</summary>
    public Tensor SubInPlace(Tensor other, double alpha = 1) => Done(NativeMethods.pv_sub_(Handle, other.Handle, alpha));
    public Tensor SubInPlace(double value) => Done(NativeMethods.pv_sub_scalar_(Handle, value));
    public Tensor MulInPlace(Tensor other) => Done(NativeMethods.pv_mul_(Handle, other.Handle));
    public Tensor MulInPlace(double value) => Done(NativeMethods.pv_mul_scalar_(Handle, value));
    public Tensor DivInPlace(Tensor other) => Done(NativeMethods.pv_div_(Handle, other.Handle));
    public Tensor DivInPlace(double value) => Done(NativeMethods.pv_div_scalar_(Handle, value));
    public Tensor PowInPlace(double exponent) => Done(NativeMethods.pv_pow_scalar_(Handle, exponent));
    public Tensor SqrtInPlace() => Done(NativeMethods.pv_sqrt_(Handle));
    public Tensor NegInPlace() => Done(NativeMethods.pv_neg_(Handle));

    /// <summary>this += value * t1 * t2.</summary>
    public Tensor AddcmulInPlace(Tensor t1, Tensor t2, double value = 1) => Done(NativeMethods.pv_addcmul_(Handle, t1.Handle, t2.Handle, value));

    /// <summary>this += value * t1 / t2.</summary>
    public Tensor AddcdivInPlace(Tensor t1, Tensor t2, double value = 1) => Done(NativeMethods.pv_addcdiv_(Handle, t1.Handle, t2.Handle, value));

    /// <summary>this += weight * (end - this).</summary>
    public Tensor LerpInPlace(Tensor end, double weight) => Done(NativeMethods.pv_lerp_(Handle, end.Handle, weight));
    public Tensor LerpInPlace(Tensor end, Tensor weight) => Done(NativeMethods.pv_lerp_tensor_(Handle, end.Handle, weight.Handle));

    /// <summary>Copies src's elements into this tensor (src broadcasts; dtype and device are converted).</summary>
    public Tensor CopyFrom(Tensor src) => Done(NativeMethods.pv_copy_(Handle, src.Handle));

    public Tensor ZeroInPlace() => Done(NativeMethods.pv_zero_(Handle));
    public Tensor FillInPlace(double value) => Done(NativeMethods.pv_fill_(Handle, value));

    public Tensor ClampInPlace(double? min = null, double? max = null)
    {
        if (min is null && max is null) throw new ArgumentException("ClampInPlace needs at least one of min and max");
        return Done(NativeMethods.pv_clamp_(Handle, min.HasValue ? 1 : 0, min ?? 0, max.HasValue ? 1 : 0, max ?? 0));
    }

    public Tensor MaskedFillInPlace(Tensor mask, double value) => Done(NativeMethods.pv_masked_fill_(Handle, mask.Handle, value));

    /// <summary>Refills with normal samples from the global generator.</summary>
    public Tensor NormalInPlace(double mean = 0, double std = 1) => Done(NativeMethods.pv_normal_(Handle, mean, std));

    /// <summary>Refills with uniform samples in [from, to).</summary>
    public Tensor UniformInPlace(double from = 0, double to = 1) => Done(NativeMethods.pv_uniform_(Handle, from, to));
}
