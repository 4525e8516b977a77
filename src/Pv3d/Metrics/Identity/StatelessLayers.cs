using Pv3d.Torch;
using Pv3d.Torch.Modules;

namespace Pv3d.Metrics.Identity;

/// <summary>Dropout at evaluation: the identity. Holds the place (and Sequential index) of torch.nn.Dropout.</summary>
public sealed class EvalDropout : Module<Tensor, Tensor>
{
    public override Tensor Forward(Tensor x) => x;
}

/// <summary>The official <c>Flatten</c>: x.view(N, -1).</summary>
public sealed class FlattenBatch : Module<Tensor, Tensor>
{
    public override Tensor Forward(Tensor x) => x.Reshape(x.Shape[0], -1);
}

/// <summary>torch.nn.MaxPool2d(1, stride): a 1x1 max pool is plain subsampling, x[:, :, ::s, ::s].</summary>
public sealed class Subsample2d(int stride) : Module<Tensor, Tensor>
{
    public int Stride { get; } = stride;

    public override Tensor Forward(Tensor x) =>
        Stride == 1 ? x : Functional.MaxPool2d(x, new Pair2d(1, 1), new Pair2d(Stride, Stride));
}
