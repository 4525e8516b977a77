using Pv3d.Torch;
using Pv3d.Torch.Modules;

namespace Pv3d.Metrics.Identity;

/// <summary>
/// The official squeeze-and-excitation <c>SEModule(channels, reduction)</c> (<c>identity_distance/arcface/helpers.py</c>):
/// x * sigmoid(fc2(relu(fc1(mean over H, W)))), fc1/fc2 1x1 convolutions without bias.
/// State dict: <c>fc1.weight</c> [C/r, C, 1, 1], <c>fc2.weight</c> [C, C/r, 1, 1].
/// </summary>
public sealed class SeModule : Module<Tensor, Tensor>
{
    public SeModule(long channels, long reduction)
    {
        RegisterModule("fc1", new Conv2d(channels, channels / reduction, 1, bias: false));
        RegisterModule("fc2", new Conv2d(channels / reduction, channels, 1, bias: false));
    }

    /// <param name="x">[N, C, H, W]</param>
    public override Tensor Forward(Tensor x)
    {
        var s = x.Mean([2, 3], keepDim: true);
        s = ((Conv2d)GetModule("fc1")!).Forward(s).Relu();
        s = ((Conv2d)GetModule("fc2")!).Forward(s).Sigmoid();
        return x * s;
    }
}
