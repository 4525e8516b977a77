using Pv3d.Torch.Native;

namespace Pv3d.Torch;

public static partial class Functional
{
    /// <summary>x for x &gt;= 0, negativeSlope * x otherwise.</summary>
    public static Tensor LeakyRelu(Tensor x, double negativeSlope = 0.01) =>
        Tensor.FromNative(NativeMethods.pv_nn_leaky_relu(x.Handle, negativeSlope, out var h), h);

    /// <summary>log(1 + exp(beta x)) / beta, linear where beta x &gt; threshold (as PyTorch).</summary>
    public static Tensor Softplus(Tensor x, double beta = 1, double threshold = 20) =>
        Tensor.FromNative(NativeMethods.pv_nn_softplus(x.Handle, beta, threshold, out var h), h);

    /// <summary>1 / (1 + exp(-x)).</summary>
    public static Tensor Sigmoid(Tensor x) => Tensor.FromNative(NativeMethods.pv_nn_sigmoid(x.Handle, out var h), h);
}
