namespace Pv3d.Torch.Modules;

/// <summary>max(0, x) + slope · min(0, x), like torch.nn.LeakyReLU (no parameters).</summary>
public sealed class LeakyRelu(double negativeSlope = 0.01) : Module<Tensor, Tensor>
{
    public double NegativeSlope { get; } = negativeSlope;

    public override Tensor Forward(Tensor input) => Functional.LeakyRelu(input, NegativeSlope);
}
