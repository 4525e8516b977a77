namespace Pv3d.Torch.Optim;

/// <summary>Adam's running state of one parameter: step count and the two moment estimates.</summary>
public sealed class AdamParamState : IDisposable
{
    internal AdamParamState(double step, Tensor expAvg, Tensor expAvgSq)
    {
        Step = step;
        ExpAvg = expAvg.DetachFromScopes();
        ExpAvgSq = expAvgSq.DetachFromScopes();
    }

    /// <summary>Number of updates applied to this parameter (torch keeps it as a float tensor).</summary>
    public double Step { get; internal set; }

    /// <summary>First moment (torch's <c>exp_avg</c>), same shape as the parameter.</summary>
    public Tensor ExpAvg { get; }

    /// <summary>Second moment (torch's <c>exp_avg_sq</c>).</summary>
    public Tensor ExpAvgSq { get; }

    public void Dispose()
    {
        ExpAvg.Dispose();
        ExpAvgSq.Dispose();
    }
}
