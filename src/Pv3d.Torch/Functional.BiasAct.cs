using Pv3d.Torch.Native;

namespace Pv3d.Torch;

/// <summary>The element-wise activations that StyleGAN2's bias_act fuses (see <see cref="Functional.BiasActInference"/>).</summary>
public enum FusedActivation
{
    Linear = 0,
    Relu = 1,
    LeakyRelu = 2,
}

public static partial class Functional
{
    /// <summary>
    /// <c>clamp(gain · act(x + b), ±clamp)</c> in one pass over memory, for float32 CPU tensors when no gradient is
    /// recorded (the result has no autograd history). <paramref name="bias"/> is null or 1-D with x.shape[dim]
    /// entries; <paramref name="alpha"/> is lrelu's negative slope; gain 1 and a null clamp skip those steps.
    /// Bit-identical to add, activation, mul and clamp done one after the other.
    /// </summary>
    public static Tensor BiasActInference(Tensor x, Tensor? bias, int dim, FusedActivation act, double alpha, double gain, double? clamp)
    {
        IntPtr result = IntPtr.Zero;
        var status = Tensor.WithOptionalHandle(bias, b => NativeMethods.pv_bias_act_inference(x.Handle, b, dim, (int)act, alpha, gain,
            clamp.HasValue ? 1 : 0, clamp ?? 0, out result));
        return Tensor.FromNative(status, result);
    }
}
