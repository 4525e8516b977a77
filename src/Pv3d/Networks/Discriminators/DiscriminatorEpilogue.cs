using Pv3d.Torch;
using Pv3d.Torch.Modules;

namespace Pv3d.Networks.Discriminators;

/// <summary>
/// The discriminator's 4×4 head: minibatch stddev, a 3×3 conv, an FC layer on the flattened features
/// and an output FC; with conditioning, the logit is the projection Σ x·cmap / √cmap_dim.
/// State-dict order: <c>conv.*, fc.*, out.*</c>.
/// </summary>
public sealed class DiscriminatorEpilogue : Module
{
    public DiscriminatorEpilogue(long inChannels, long cmapDim, long resolution, int? mbstdGroupSize = 4, int mbstdNumChannels = 1,
        string activation = "lrelu", double? convClamp = null)
    {
        InChannels = inChannels;
        CmapDim = cmapDim;
        Resolution = resolution;
        MbstdNumChannels = mbstdNumChannels;
        if (mbstdNumChannels > 0) RegisterModule("mbstd", new MinibatchStdLayer(mbstdGroupSize, mbstdNumChannels));
        RegisterModule("conv", new Conv2dLayer(inChannels + mbstdNumChannels, inChannels, 3, activation: activation, convClamp: convClamp));
        RegisterModule("fc", new FullyConnectedLayer(inChannels * resolution * resolution, inChannels, activation: activation));
        RegisterModule("out", new FullyConnectedLayer(inChannels, cmapDim == 0 ? 1 : cmapDim));
    }

    public long InChannels { get; }
    public long CmapDim { get; }
    public long Resolution { get; }
    public int MbstdNumChannels { get; }

    /// <summary>The minibatch standard-deviation layer; none with <c>mbstd_num_channels</c> 0 (as official).</summary>
    public MinibatchStdLayer? Mbstd => MbstdNumChannels > 0 ? GetModule<MinibatchStdLayer>("mbstd") : null;
    public Conv2dLayer Conv => GetModule<Conv2dLayer>("conv");
    public FullyConnectedLayer Fc => GetModule<FullyConnectedLayer>("fc");
    public FullyConnectedLayer Out => GetModule<FullyConnectedLayer>("out");

    /// <summary>x [N, in, res, res], cmap [N, cmap_dim] (null without conditioning) → logits [N, 1].</summary>
    public Tensor Forward(Tensor x, Tensor? cmap)
    {
        if (x.Dim != 4 || x.Size(1) != InChannels || x.Size(2) != Resolution || x.Size(3) != Resolution)
            throw new ArgumentException($"discriminator epilogue expects [N, {InChannels}, {Resolution}, {Resolution}], got [{string.Join(", ", x.Shape)}]");
        using var scope = TensorScope.Enter();
        var h = Mbstd is { } mbstd ? mbstd.Forward(x) : x;
        h = Conv.Forward(h);
        h = Fc.Forward(h.Flatten(1));
        h = Out.Forward(h);
        if (CmapDim > 0)
        {
            if (cmap is null || cmap.Dim != 2 || cmap.Size(0) != x.Size(0) || cmap.Size(1) != CmapDim)
                throw new ArgumentException($"discriminator epilogue expects cmap [{x.Size(0)}, {CmapDim}], got {(cmap is null ? "none" : $"[{string.Join(", ", cmap.Shape)}]")}");
            h = (h * cmap).Sum(1, keepDim: true) * (1 / Math.Sqrt(CmapDim));
        }
        return h.MoveToOuterScope();
    }
}
