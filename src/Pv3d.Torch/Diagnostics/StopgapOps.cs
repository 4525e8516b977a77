using Pv3d.Torch.Native;

namespace Pv3d.Torch.Diagnostics;

/// <summary>
/// STOPGAP for the memory test while the core ops (Tensor.Randn, Sum, operators) are not
/// published: internal, minimal, to be deleted together with native/src/modules_stopgap.cpp.
/// </summary>
internal static class StopgapOps
{
    public static unsafe Tensor Randn(params long[] shape)
    {
        fixed (long* s = shape) return Tensor.FromNative(NativeMethods.pv_stopgap_randn(s, shape.Length, out var h), h);
    }

    public static Tensor Sum(Tensor x) => Tensor.FromNative(NativeMethods.pv_stopgap_sum(x.Handle, out var h), h);

    public static Tensor Mul(Tensor a, Tensor b) => Tensor.FromNative(NativeMethods.pv_stopgap_mul(a.Handle, b.Handle, out var h), h);

    public static Tensor Add(Tensor a, Tensor b) => Tensor.FromNative(NativeMethods.pv_stopgap_add(a.Handle, b.Handle, out var h), h);
}
