using Pv3d.Torch;
using Pv3d.Torch.Modules;

namespace Pv3d.Networks.Discriminators;

/// <summary>
/// StyleGAN2's equalised-learning-rate convolution with optional FIR up/downsampling, bias,
/// activation and clamp. Weights are N(0,1) scaled by 1/√(in·k²) at run time.
/// State-dict order: <c>weight, bias (absent without bias), resample_filter</c>.
/// </summary>
public sealed class Conv2dLayer : Module
{
    private static readonly float[] DefaultResampleTaps = [1, 3, 3, 1];

    public Conv2dLayer(long inChannels, long outChannels, int kernelSize, bool bias = true, string activation = "linear",
        int up = 1, int down = 1, double? convClamp = null)
    {
        InChannels = inChannels;
        OutChannels = outChannels;
        KernelSize = kernelSize;
        Activation = activation;
        Up = up;
        Down = down;
        ConvClamp = convClamp;
        Padding = kernelSize / 2;
        WeightGain = 1 / Math.Sqrt(inChannels * (double)kernelSize * kernelSize);
        ActGain = BiasAct.DefaultGain(activation);

        RegisterBuffer("resample_filter", Functional.SetupFilter(DefaultResampleTaps));
        RegisterParameter("weight", Tensor.Randn(outChannels, inChannels, kernelSize, kernelSize));
        RegisterParameter("bias", bias ? Tensor.Zeros(outChannels) : null);
    }

    public long InChannels { get; }
    public long OutChannels { get; }
    public int KernelSize { get; }
    public string Activation { get; }
    public int Up { get; }
    public int Down { get; }
    public double? ConvClamp { get; }
    public int Padding { get; }
    public double WeightGain { get; }
    public double ActGain { get; }

    public Tensor Weight => GetParameter("weight")!;
    public Tensor? Bias => GetParameter("bias");
    public Tensor ResampleFilter => GetBuffer("resample_filter")!;

    /// <summary>x [N, in, H, W] → [N, out, H·up/down, W·up/down]; <paramref name="gain"/> scales both the activation gain and the clamp.</summary>
    public Tensor Forward(Tensor x, double gain = 1)
    {
        using var scope = TensorScope.Enter();
        var w = Weight * WeightGain;
        var y = Conv2dResample.Apply(x, w, ResampleFilter, Up, Down, Padding, flipWeight: Up == 1);
        var clamp = ConvClamp is double c ? c * gain : (double?)null;
        return BiasAct.Apply(y, Bias, act: Activation, gain: ActGain * gain, clamp: clamp).MoveToOuterScope();
    }
}
