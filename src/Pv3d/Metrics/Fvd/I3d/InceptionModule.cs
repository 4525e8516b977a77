using Pv3d.Torch;
using Pv3d.Torch.Modules;

namespace Pv3d.Metrics.Fvd.I3d;

/// <summary>
/// The official <c>InceptionModule</c>: four branches concatenated along channels — b0 (1x1x1), b1a (1x1x1) then
/// b1b (3x3x3), b2a (1x1x1) then b2b (3x3x3), b3a (3x3x3 max pool, stride 1, same padding) then b3b (1x1x1).
/// State-dict order: b0, b1a, b1b, b2a, b2b, b3b (the pool has no state).
/// </summary>
public sealed class InceptionModule : Module<Tensor, Tensor>
{
    /// <param name="outChannels">[b0, b1a, b1b, b2a, b2b, b3b] as in the official constructor.</param>
    public InceptionModule(long inChannels, long[] outChannels)
    {
        OutChannels = outChannels[0] + outChannels[2] + outChannels[4] + outChannels[5];
        RegisterModule("b0", new Unit3d(inChannels, outChannels[0]));
        RegisterModule("b1a", new Unit3d(inChannels, outChannels[1]));
        RegisterModule("b1b", new Unit3d(outChannels[1], outChannels[2], kernel: (3, 3, 3)));
        RegisterModule("b2a", new Unit3d(inChannels, outChannels[3]));
        RegisterModule("b2b", new Unit3d(outChannels[3], outChannels[4], kernel: (3, 3, 3)));
        RegisterModule("b3b", new Unit3d(inChannels, outChannels[5]));
    }

    public long OutChannels { get; }

    private Unit3d Unit(string name) => (Unit3d)GetModule(name)!;

    /// <param name="x">[B, T, C, H, W]</param>
    public override Tensor Forward(Tensor x)
    {
        var b0 = Unit("b0").Forward(x);
        var b1 = Unit("b1b").Forward(Unit("b1a").Forward(x));
        var b2 = Unit("b2b").Forward(Unit("b2a").Forward(x));
        var b3 = Unit("b3b").Forward(SamePadding.MaxPool(x, (3, 3, 3), (1, 1, 1)));
        return Tensor.Cat([b0, b1, b2, b3], dim: 2);
    }
}
