using Pv3d.Torch;
using Pv3d.Torch.Modules;

namespace Pv3d.Networks;

/// <summary>Arguments of the mapping network (the official <c>mapping_kwargs</c>).</summary>
public sealed record MappingOptions
{
    public int NumLayers { get; init; } = 8;
    public long? EmbedFeatures { get; init; }
    public long? LayerFeatures { get; init; }
    public string Activation { get; init; } = "lrelu";
    public double LrMultiplier { get; init; } = 0.01;
    public double? WAvgBeta { get; init; } = 0.998;
}

/// <summary>Arguments of the synthesis network and its blocks (the official <c>synthesis_kwargs</c>).</summary>
public sealed record SynthesisOptions
{
    public long ChannelBase { get; init; } = 32768;
    public long ChannelMax { get; init; } = 512;
    public int NumFp16Res { get; init; } = 4;
    public double? ConvClamp { get; init; } = 256;
    public FusedModconvMode FusedModconvDefault { get; init; } = FusedModconvMode.Fused;
    public string Architecture { get; init; } = "skip";
}

/// <summary>
/// The StyleGAN2 generator that PV3D uses as its tri-plane backbone (official networks_stylegan2.Generator):
/// children <c>synthesis</c> then <c>mapping</c>, so its keys are <c>synthesis.*</c> followed by <c>mapping.*</c>.
/// </summary>
public sealed class StyleGan2Backbone : Module
{
    public StyleGan2Backbone(long zDim, long cDim, long wDim, long imgResolution, long imgChannels,
        MappingOptions? mapping = null, SynthesisOptions? synthesis = null)
    {
        ZDim = zDim;
        CDim = cDim;
        WDim = wDim;
        ImgResolution = imgResolution;
        ImgChannels = imgChannels;
        var s = synthesis ?? new SynthesisOptions();
        var m = mapping ?? new MappingOptions();
        var synthesisNet = RegisterModule("synthesis", new SynthesisNetwork(wDim, imgResolution, imgChannels, s.ChannelBase,
            s.ChannelMax, s.NumFp16Res, s.ConvClamp, s.FusedModconvDefault, s.Architecture));
        NumWs = synthesisNet.NumWs;
        RegisterModule("mapping", new MappingNetwork(zDim, cDim, wDim, NumWs, m.NumLayers, m.EmbedFeatures, m.LayerFeatures,
            m.Activation, m.LrMultiplier, m.WAvgBeta));
    }

    public long ZDim { get; }
    public long CDim { get; }
    public long WDim { get; }
    public long ImgResolution { get; }
    public long ImgChannels { get; }
    public int NumWs { get; }

    public SynthesisNetwork Synthesis => GetModule<SynthesisNetwork>("synthesis");
    public MappingNetwork Mapping => GetModule<MappingNetwork>("mapping");
}
