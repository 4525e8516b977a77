using Pv3d.Torch;
using Pv3d.Torch.Optim;

namespace Pv3d.Training;

/// <summary>One optimiser's hyper-parameters (an entry of the official <c>optimizer.params</c>).</summary>
public sealed record AdamSettings(double Lr, double Beta1, double Beta2, double Eps = 1e-8, double WeightDecay = 0)
{
    /// <summary>Official generator values (already adjusted for lazy regularisation every 4 updates).</summary>
    public static AdamSettings Generator { get; } = new(0.002, 0, 0.9919919678228657);

    /// <summary>Official values for each discriminator (adjusted for lazy regularisation every 16 updates).</summary>
    public static AdamSettings Discriminator { get; } = new(0.0018823529411764706, 0, 0.9905854573074332);

    public Adam Create(IEnumerable<Tensor> parameters) =>
        new(parameters, Lr, (Beta1, Beta2), Eps, WeightDecay);
}
