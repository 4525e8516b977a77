namespace Pv3d.Torch.Modules;

/// <summary>log(1 + exp(β·x))/β, linear above the threshold, like torch.nn.Softplus (no parameters).</summary>
public sealed class Softplus(double beta = 1, double threshold = 20) : Module<Tensor, Tensor>
{
    public double Beta { get; } = beta;
    public double Threshold { get; } = threshold;

    public override Tensor Forward(Tensor input) => Functional.Softplus(input, Beta, Threshold);
}
