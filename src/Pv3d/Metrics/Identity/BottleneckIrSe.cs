using Pv3d.Torch;
using Pv3d.Torch.Modules;

namespace Pv3d.Metrics.Identity;

/// <summary>
/// The official <c>bottleneck_IR_SE(in_channel, depth, stride)</c>: res_layer(x) + shortcut_layer(x), where
/// res_layer = BN(in), conv 3x3, PReLU(depth), conv 3x3 (stride), BN(depth), SE(depth, 16) and the shortcut is a
/// 1x1 max pool with the stride when in == depth, else conv 1x1 (stride) + BN.
/// State dict: <c>shortcut_layer.0.weight</c>, <c>shortcut_layer.1.*</c> (when a conv), then <c>res_layer.0.*</c> (BN),
/// <c>res_layer.1.weight</c>, <c>res_layer.2.weight</c> (PReLU), <c>res_layer.3.weight</c>, <c>res_layer.4.*</c>,
/// <c>res_layer.5.fc1.weight</c>, <c>res_layer.5.fc2.weight</c>.
/// </summary>
public sealed class BottleneckIrSe : Module<Tensor, Tensor>
{
    public BottleneckIrSe(long inChannels, long depth, int stride)
    {
        RegisterModule<Module<Tensor, Tensor>>("shortcut_layer", inChannels == depth
            ? new Subsample2d(stride)
            : new Sequential(new Conv2d(inChannels, depth, 1, stride: stride, bias: false), new FrozenBatchNorm(depth)));
        RegisterModule("res_layer", new Sequential(
            new FrozenBatchNorm(inChannels),
            new Conv2d(inChannels, depth, 3, stride: 1, padding: 1, bias: false),
            new PRelu(depth),
            new Conv2d(depth, depth, 3, stride: stride, padding: 1, bias: false),
            new FrozenBatchNorm(depth),
            new SeModule(depth, 16)));
    }

    /// <param name="x">[N, in, H, W]</param>
    /// <returns>[N, depth, H / stride, W / stride]</returns>
    public override Tensor Forward(Tensor x) =>
        ((Module<Tensor, Tensor>)GetModule("res_layer")!).Forward(x) + ((Module<Tensor, Tensor>)GetModule("shortcut_layer")!).Forward(x);
}
