using Pv3d.Torch.Native;

namespace Pv3d.Torch;

/// <summary>torch.nn.functional: stateless neural-network operations. Split by area over Functional.*.cs.</summary>
public static partial class Functional
{
    /// <summary>y = x W^T + b, with x [..., in], W [out, in], b [out].</summary>
    public static Tensor Linear(Tensor x, Tensor weight, Tensor? bias = null)
    {
        IntPtr result = IntPtr.Zero;
        var status = Tensor.WithOptionalHandle(bias, b => NativeMethods.pv_linear(x.Handle, weight.Handle, b, out result));
        return Tensor.FromNative(status, result);
    }

    /// <summary>2-D cross-correlation of x [N, C, H, W] with weight [O, C/groups, kh, kw].</summary>
    public static Tensor Conv2d(Tensor x, Tensor weight, Tensor? bias = null, Pair2d? stride = null, Pair2d padding = default,
        Pair2d? dilation = null, long groups = 1)
    {
        var s = (stride ?? 1).ToArray();
        var p = padding.ToArray();
        var d = (dilation ?? 1).ToArray();
        IntPtr result = IntPtr.Zero;
        var status = Tensor.WithOptionalHandle(bias, b => NativeMethods.pv_conv2d(x.Handle, weight.Handle, b, s, p, d, groups, out result));
        return Tensor.FromNative(status, result);
    }

    /// <summary>Transposed 2-D convolution of x [N, C, H, W] with weight [C, O/groups, kh, kw].</summary>
    public static Tensor ConvTranspose2d(Tensor x, Tensor weight, Tensor? bias = null, Pair2d? stride = null, Pair2d padding = default,
        Pair2d outputPadding = default, long groups = 1, Pair2d? dilation = null)
    {
        var s = (stride ?? 1).ToArray();
        var p = padding.ToArray();
        var op = outputPadding.ToArray();
        var d = (dilation ?? 1).ToArray();
        IntPtr result = IntPtr.Zero;
        var status = Tensor.WithOptionalHandle(bias,
            b => NativeMethods.pv_conv_transpose2d(x.Handle, weight.Handle, b, s, p, op, groups, d, out result));
        return Tensor.FromNative(status, result);
    }
}
