using Pv3d.Torch;
using Pv3d.Torch.Modules;

namespace Pv3d.Networks;

/// <summary>
/// StyleGAN2's equalised-learning-rate linear layer: the stored weight is N(0,1)/lr_multiplier and is
/// scaled by lr_multiplier/√in at run time (the bias by lr_multiplier), then bias_act applies the activation.
/// Keys: <c>weight [out, in]</c>, <c>bias [out]</c>.
/// </summary>
public sealed class FullyConnectedLayer : Module<Tensor, Tensor>
{
    public FullyConnectedLayer(long inFeatures, long outFeatures, bool bias = true, string activation = "linear",
        double lrMultiplier = 1, double biasInit = 0)
    {
        _ = BiasAct.DefaultGain(activation); // rejects unknown activations now rather than at the first forward
        InFeatures = inFeatures;
        OutFeatures = outFeatures;
        Activation = activation;
        WeightGain = lrMultiplier / Math.Sqrt(inFeatures);
        BiasGain = lrMultiplier;
        using (var scope = TensorScope.Enter())
        {
            RegisterParameter("weight", Tensor.Randn(outFeatures, inFeatures).Div(lrMultiplier));
            RegisterParameter("bias", bias ? Tensor.Full([outFeatures], (float)biasInit) : null);
        }
    }

    public long InFeatures { get; }
    public long OutFeatures { get; }
    public string Activation { get; }
    public double WeightGain { get; }
    public double BiasGain { get; }

    public Tensor Weight => GetParameter("weight")!;
    public Tensor? Bias => GetParameter("bias");

    /// <summary>x [N, in] → [N, out].</summary>
    public override Tensor Forward(Tensor x)
    {
        using var scope = TensorScope.Enter();
        var w = Weight * WeightGain;
        var b = Bias;
        if (b != null && BiasGain != 1) b = b * BiasGain;
        using var wt = w.T();
        Tensor y;
        if (Activation == "linear" && b != null)
        {
            using var b2 = b.Unsqueeze(0);
            y = Tensor.Addmm(b2, x, wt);
        }
        else
        {
            y = BiasAct.Apply(x.Matmul(wt), b, act: Activation);
        }
        return y.MoveToOuterScope();
    }
}
