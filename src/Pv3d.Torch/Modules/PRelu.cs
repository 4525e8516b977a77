namespace Pv3d.Torch.Modules;

/// <summary>torch.nn.PReLU(num_parameters): y = max(x, 0) + weight * min(x, 0), one slope per channel (dim 1).</summary>
public sealed class PRelu : Module<Tensor, Tensor>
{
    public PRelu(long channels, double init = 0.25)
    {
        Channels = channels;
        RegisterParameter("weight", Tensor.Full([channels], init));
    }

    public long Channels { get; }

    public override Tensor Forward(Tensor x)
    {
        var shape = Enumerable.Repeat(1L, (int)x.Dim).ToArray();
        shape[1] = Channels;
        return x.Relu() - GetParameter("weight")!.View(shape) * (-x).Relu();
    }
}
