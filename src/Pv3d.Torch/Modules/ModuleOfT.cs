namespace Pv3d.Torch.Modules;

/// <summary>A module with a typed forward pass (most layers are <c>Module&lt;Tensor, Tensor&gt;</c>).</summary>
public abstract class Module<TIn, TOut> : Module
{
    public abstract TOut Forward(TIn input);
}
