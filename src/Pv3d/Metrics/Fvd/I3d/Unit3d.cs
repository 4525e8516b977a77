using Pv3d.Torch;
using Pv3d.Torch.Modules;

namespace Pv3d.Metrics.Fvd.I3d;

/// <summary>
/// The official <c>Unit3D</c> (VideoGPT's <c>pytorch_i3d.py</c>): same padding, Conv3d without bias, BatchNorm3d
/// (eps 1e-5), ReLU; the logits unit has a bias and neither batch norm nor activation. The constructor's padding
/// argument of the official class is ignored there too (padding is always "same").
/// State dict: <c>conv3d.weight</c> [O, C, kt, kh, kw] (<c>conv3d.bias</c>), <c>bn.weight</c>, <c>bn.bias</c>,
/// <c>bn.running_mean</c>, <c>bn.running_var</c>, <c>bn.num_batches_tracked</c>.
/// </summary>
public sealed class Unit3d : Module<Tensor, Tensor>
{
    public Unit3d(long inChannels, long outChannels, (int T, int H, int W)? kernel = null, (int T, int H, int W)? stride = null,
        bool batchNorm = true, bool relu = true, bool bias = false)
    {
        Kernel = kernel ?? (1, 1, 1);
        Stride = stride ?? (1, 1, 1);
        Relu = relu;
        RegisterModule("conv3d", new Conv3d(inChannels, outChannels, Kernel, Stride, bias));
        if (batchNorm) RegisterModule("bn", new FrozenBatchNorm(outChannels, eps: 1e-5, channelDim: 2));
    }

    public (int T, int H, int W) Kernel { get; }
    public (int T, int H, int W) Stride { get; }
    public bool Relu { get; }

    /// <param name="x">[B, T, C, H, W]</param>
    public override Tensor Forward(Tensor x)
    {
        var y = ((Conv3d)GetModule("conv3d")!).Forward(SamePadding.Apply(x, Kernel, Stride));
        if (TryGetModule("bn") is FrozenBatchNorm bn) y = bn.Forward(y);
        return Relu ? y.Relu() : y;
    }

    private Module? TryGetModule(string name) => NamedChildren().FirstOrDefault(c => c.Name == name).Module;
}
