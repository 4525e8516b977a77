using Pv3d.Torch;
using Pv3d.Torch.Modules;

namespace Pv3d.Networks;

/// <summary>
/// StyleGAN2's synthesis layer: a style (affine of w) modulates a 3×3 convolution (optionally upsampling
/// by 2), per-pixel noise is added, then bias, activation (gain √2 for lrelu) and optional clamp.
/// State-dict order: <c>weight, noise_strength, bias, resample_filter, noise_const, affine.weight, affine.bias</c>.
/// </summary>
public sealed class SynthesisLayer : Module
{
    private static readonly float[] DefaultResampleTaps = [1, 3, 3, 1];

    public SynthesisLayer(long inChannels, long outChannels, long wDim, long resolution, int kernelSize = 3, int up = 1,
        bool useNoise = true, string activation = "lrelu", double? convClamp = null)
    {
        InChannels = inChannels;
        OutChannels = outChannels;
        WDim = wDim;
        Resolution = resolution;
        Up = up;
        UseNoise = useNoise;
        Activation = activation;
        ConvClamp = convClamp;
        Padding = kernelSize / 2;
        ActGain = BiasAct.DefaultGain(activation);

        // Registration (and random draw) order follows the official module.
        RegisterBuffer("resample_filter", Functional.SetupFilter(DefaultResampleTaps));
        RegisterModule("affine", new FullyConnectedLayer(wDim, inChannels, biasInit: 1));
        RegisterParameter("weight", Tensor.Randn(outChannels, inChannels, kernelSize, kernelSize));
        if (useNoise)
        {
            RegisterBuffer("noise_const", Tensor.Randn(resolution, resolution));
            RegisterParameter("noise_strength", Tensor.Zeros([]));
        }
        RegisterParameter("bias", Tensor.Zeros(outChannels));
    }

    public long InChannels { get; }
    public long OutChannels { get; }
    public long WDim { get; }
    public long Resolution { get; }
    public int Up { get; }
    public bool UseNoise { get; }
    public string Activation { get; }
    public double? ConvClamp { get; }
    public int Padding { get; }
    public double ActGain { get; }

    public FullyConnectedLayer Affine => GetModule<FullyConnectedLayer>("affine");
    public Tensor Weight => GetParameter("weight")!;
    public Tensor Bias => GetParameter("bias")!;
    public Tensor ResampleFilter => GetBuffer("resample_filter")!;
    public Tensor? NoiseStrength => UseNoise ? GetParameter("noise_strength") : null;
    public Tensor? NoiseConst => UseNoise ? GetBuffer("noise_const") : null;

    /// <summary>x [N, in, res/up, res/up], w [N, w_dim] → [N, out, res, res].</summary>
    public Tensor Forward(Tensor x, Tensor w, NoiseMode noiseMode = NoiseMode.Random, bool fusedModconv = true, double gain = 1)
    {
        var inRes = Resolution / Up;
        if (x.Dim != 4 || x.Size(1) != InChannels || x.Size(2) != inRes || x.Size(3) != inRes)
            throw new ArgumentException($"SynthesisLayer expects [N, {InChannels}, {inRes}, {inRes}], got [{string.Join(", ", x.Shape)}]");

        using var scope = TensorScope.Enter();
        var styles = Affine.Forward(w);
        Tensor? noise = null;
        if (UseNoise && noiseMode == NoiseMode.Random)
        {
            using var r = Tensor.Randn([x.Size(0), 1, Resolution, Resolution], DType.Float32, x.Device);
            noise = r * NoiseStrength!;
        }
        else if (UseNoise && noiseMode == NoiseMode.Const)
        {
            noise = NoiseConst! * NoiseStrength!;
        }

        var y = ModulatedConv.Apply(x, Weight, styles, noise, up: Up, padding: Padding, resampleFilter: ResampleFilter,
            flipWeight: Up == 1, fusedModconv: fusedModconv);
        var actClamp = ConvClamp * gain;
        var z = BiasAct.Apply(y, Bias, act: Activation, gain: ActGain * gain, clamp: actClamp);
        return z.MoveToOuterScope();
    }
}
