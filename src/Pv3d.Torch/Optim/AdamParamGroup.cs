namespace Pv3d.Torch.Optim;

/// <summary>
/// Parameters sharing Adam's hyper-parameters, like one entry of torch's <c>param_groups</c>; the
/// defaults are torch.optim.Adam's. The hyper-parameters may change between steps (schedules).
/// </summary>
public sealed class AdamParamGroup
{
    public AdamParamGroup(IEnumerable<Tensor> parameters, double lr = 1e-3, (double Beta1, double Beta2)? betas = null,
        double eps = 1e-8, double weightDecay = 0, bool maximize = false)
    {
        Parameters = parameters.ToList();
        LearningRate = lr;
        Betas = betas ?? (0.9, 0.999);
        Eps = eps;
        WeightDecay = weightDecay;
        Maximize = maximize;
    }

    public IReadOnlyList<Tensor> Parameters { get; }

    public double LearningRate { get; set; }
    public (double Beta1, double Beta2) Betas { get; set; }
    public double Eps { get; set; }
    public double WeightDecay { get; set; }
    public bool Maximize { get; set; }

    internal void Validate()
    {
        if (!(LearningRate >= 0)) throw new ArgumentException($"Adam needs a learning rate >= 0, got {LearningRate}");
        if (!(Eps >= 0)) throw new ArgumentException($"Adam needs eps >= 0, got {Eps}");
        var (b1, b2) = Betas;
        if (!(b1 >= 0 && b1 < 1)) throw new ArgumentException($"Adam needs 0 <= beta1 < 1, got {b1}");
        if (!(b2 >= 0 && b2 < 1)) throw new ArgumentException($"Adam needs 0 <= beta2 < 1, got {b2}");
        if (!(WeightDecay >= 0)) throw new ArgumentException($"Adam needs weight_decay >= 0, got {WeightDecay}");
    }
}
