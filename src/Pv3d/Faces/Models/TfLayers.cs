using Pv3d.Torch;

namespace Pv3d.Faces.Models;

/// <summary>
/// TensorFlow's layer semantics on our NCHW engine, for the face-api networks. Weights arrive in TF layouts and are
/// converted once; activations are NCHW [N, C, H, W]. TF "same" padding puts the odd pixel after: total padding
/// max((ceil(in/s) - 1) * s + k - in, 0), floor(total / 2) before and the rest after (so stride 2 on an even input
/// with a 3x3 kernel pads 0 before and 1 after), which PyTorch's symmetric padding cannot express; we pad explicitly.
/// </summary>
public static class TfLayers
{
    /// <summary>A TF conv filter [kh, kw, in, out] (HWIO) as PyTorch's [out, in, kh, kw].</summary>
    public static Tensor ConvFilter(Tensor hwio) => hwio.Permute(3, 2, 0, 1).Contiguous();

    /// <summary>A TF depthwise filter [kh, kw, C, 1] as PyTorch's grouped filter [C, 1, kh, kw].</summary>
    public static Tensor DepthwiseFilter(Tensor hwc1) => hwc1.Permute(2, 3, 0, 1).Contiguous();

    /// <summary>The TF "same" padding (before, after) of one axis.</summary>
    public static (long Before, long After) SamePadding(long size, long kernel, long stride)
    {
        var output = (size + stride - 1) / stride;
        var total = Math.Max((output - 1) * stride + kernel - size, 0);
        return (total / 2, total - total / 2);
    }

    /// <summary>x [N, C, H, W] padded for a TF "same" window of kernel k and the given stride.</summary>
    public static Tensor PadSame(Tensor x, long kernelH, long kernelW, long stride, double value = 0)
    {
        var (top, bottom) = SamePadding(x.Size(2), kernelH, stride);
        var (left, right) = SamePadding(x.Size(3), kernelW, stride);
        if (top == 0 && bottom == 0 && left == 0 && right == 0) return x.Clone();
        return Functional.Pad(x, new[] { left, right, top, bottom }, PadMode.Constant, value);
    }

    /// <summary>tf.conv2d(x, filter, stride, same|valid) + bias, with the filter already [O, I, kh, kw].</summary>
    public static Tensor Conv2d(Tensor x, Tensor weight, Tensor? bias, long stride, bool same)
    {
        using var scope = TensorScope.Enter();
        var input = same ? PadSame(x, weight.Size(2), weight.Size(3), stride) : x;
        return Functional.Conv2d(input, weight, bias, stride: (int)stride).MoveToOuterScope();
    }

    /// <summary>tf.depthwiseConv2d with a [C, 1, kh, kw] filter (no bias).</summary>
    public static Tensor DepthwiseConv2d(Tensor x, Tensor weight, long stride, bool same)
    {
        using var scope = TensorScope.Enter();
        var input = same ? PadSame(x, weight.Size(2), weight.Size(3), stride) : x;
        return Functional.Conv2d(input, weight, null, stride: (int)stride, groups: x.Size(1)).MoveToOuterScope();
    }

    /// <summary>tf.separableConv2d: depthwise (strided) then a 1x1 pointwise conv, then the bias.</summary>
    public static Tensor SeparableConv2d(Tensor x, Tensor depthwise, Tensor pointwise, Tensor bias, long stride, bool same)
    {
        using var scope = TensorScope.Enter();
        var d = DepthwiseConv2d(x, depthwise, stride, same);
        return Functional.Conv2d(d, pointwise, bias).MoveToOuterScope();
    }

    /// <summary>tf.maxPool with "same" padding (padded cells never win).</summary>
    public static Tensor MaxPoolSame(Tensor x, long kernel, long stride)
    {
        using var scope = TensorScope.Enter();
        var padded = PadSame(x, kernel, kernel, stride, double.NegativeInfinity);
        return Functional.MaxPool2d(padded, (int)kernel, (int)stride).MoveToOuterScope();
    }

    /// <summary>A bias vector [C] shaped to add to NCHW activations.</summary>
    public static Tensor Channels(Tensor v) => v.Reshape(1, -1, 1, 1).Contiguous();
}
