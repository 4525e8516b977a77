using System.Globalization;
using Pv3d.Torch;
using Pv3d.Torch.Modules;

namespace Pv3d.Networks.Discriminators;

/// <summary>
/// The trunk shared by EG3D's dual discriminator and PV3D's video discriminator: residual blocks from
/// the input resolution down to 8, a camera-label mapping network (z_dim 0) and the 4×4 epilogue with
/// projection conditioning. State-dict order: <c>resample_filter, b{res}.* (high to low), mapping.*, b4.*</c>.
/// </summary>
public abstract class ConditionalDiscriminator : Module
{
    private static readonly float[] DefaultResampleTaps = [1, 3, 3, 1];

    /// <param name="inputChannels">Channels of the tensor the first block reads.</param>
    /// <param name="labelDim">Length of the conditioning vector the mapping reads (0 = unconditional).</param>
    protected ConditionalDiscriminator(DiscriminatorOptions options, long inputChannels, long labelDim)
    {
        Options = options;
        var log2 = (int)Math.Round(Math.Log2(options.ImgResolution));
        if (options.ImgResolution < 8 || 1L << log2 != options.ImgResolution)
            throw new ArgumentException($"discriminator resolution must be a power of two ≥ 8, got {options.ImgResolution}");
        InputChannels = inputChannels;
        LabelDim = labelDim;
        BlockResolutions = Enumerable.Range(3, log2 - 2).Reverse().Select(i => 1L << i).ToArray();
        long Channels(long res) => Math.Min(options.ChannelBase / res, options.ChannelMax);
        CmapDim = labelDim == 0 ? 0 : options.CmapDim ?? Channels(4);

        RegisterBuffer("resample_filter", Functional.SetupFilter(DefaultResampleTaps));
        foreach (var res in BlockResolutions)
        {
            var inCh = res < options.ImgResolution ? Channels(res) : 0;
            RegisterModule(BlockName(res), new DiscriminatorBlock(inCh, Channels(res), Channels(res / 2), res, inputChannels,
                convClamp: options.ConvClamp));
        }
        if (labelDim > 0) RegisterModule("mapping", new MappingNetwork(0, labelDim, CmapDim, numWs: null, wAvgBeta: null));
        RegisterModule("b4", new DiscriminatorEpilogue(Channels(4), CmapDim, 4, options.MbstdGroupSize, options.MbstdNumChannels,
            convClamp: options.ConvClamp));
    }

    public DiscriminatorOptions Options { get; }
    public long InputChannels { get; }
    public long LabelDim { get; }
    public long CmapDim { get; }
    /// <summary>Resolutions of the residual blocks, from the input resolution down to 8.</summary>
    public IReadOnlyList<long> BlockResolutions { get; }

    public DiscriminatorBlock Block(long resolution) => BlockResolutions.Contains(resolution)
        ? GetModule<DiscriminatorBlock>(BlockName(resolution))
        : throw new ArgumentOutOfRangeException(nameof(resolution), $"no discriminator block at resolution {resolution}");
    public MappingNetwork? Mapping => LabelDim > 0 ? GetModule<MappingNetwork>("mapping") : null;
    public DiscriminatorEpilogue Epilogue => GetModule<DiscriminatorEpilogue>("b4");

    /// <summary>input [N, input_channels, res, res], label [N, label_dim] → logits [N, 1].</summary>
    protected Tensor Score(Tensor input, Tensor? label)
    {
        using var scope = TensorScope.Enter();
        Tensor? x = null;
        foreach (var res in BlockResolutions) x = Block(res).Forward(x, x is null ? input : null);

        Tensor? cmap = null;
        if (Mapping is { } mapping)
        {
            if (label is null || label.Dim != 2 || label.Size(0) != input.Size(0) || label.Size(1) != LabelDim)
                throw new ArgumentException($"discriminator expects a camera label [{input.Size(0)}, {LabelDim}], got {(label is null ? "none" : $"[{string.Join(", ", label.Shape)}]")}");
            if (Options.DiscCNoise > 0) label = label + Tensor.RandnLike(label) * label.Std(0) * Options.DiscCNoise;
            cmap = mapping.Forward(null, label);
        }
        return Epilogue.Forward(x!, cmap).MoveToOuterScope();
    }

    private static string BlockName(long res) => "b" + res.ToString(CultureInfo.InvariantCulture);
}
