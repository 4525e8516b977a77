using Pv3d.Torch;
using Pv3d.Torch.Modules;

namespace Pv3d.Networks;

/// <summary>
/// StyleGAN2's ToRGB: a modulated 1×1 convolution without demodulation (styles scaled by
/// 1/√(in·k²)), then bias and optional clamp. State-dict order: <c>weight, bias, affine.weight, affine.bias</c>.
/// </summary>
public sealed class ToRGBLayer : Module
{
    public ToRGBLayer(long inChannels, long outChannels, long wDim, int kernelSize = 1, double? convClamp = null)
    {
        InChannels = inChannels;
        OutChannels = outChannels;
        WDim = wDim;
        ConvClamp = convClamp;
        WeightGain = 1 / Math.Sqrt(inChannels * (double)kernelSize * kernelSize);
        RegisterModule("affine", new FullyConnectedLayer(wDim, inChannels, biasInit: 1));
        RegisterParameter("weight", Tensor.Randn(outChannels, inChannels, kernelSize, kernelSize));
        RegisterParameter("bias", Tensor.Zeros(outChannels));
    }

    public long InChannels { get; }
    public long OutChannels { get; }
    public long WDim { get; }
    public double? ConvClamp { get; }
    public double WeightGain { get; }

    public FullyConnectedLayer Affine => GetModule<FullyConnectedLayer>("affine");
    public Tensor Weight => GetParameter("weight")!;
    public Tensor Bias => GetParameter("bias")!;

    /// <summary>x [N, in, H, W], w [N, w_dim] → [N, out, H, W].</summary>
    public Tensor Forward(Tensor x, Tensor w, bool fusedModconv = true)
    {
        using var scope = TensorScope.Enter();
        var styles = Affine.Forward(w) * WeightGain;
        var y = ModulatedConv.Apply(x, Weight, styles, demodulate: false, fusedModconv: fusedModconv);
        return BiasAct.Apply(y, Bias, clamp: ConvClamp).MoveToOuterScope();
    }
}
