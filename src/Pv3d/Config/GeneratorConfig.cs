using Pv3d.Networks;

namespace Pv3d.Config;

/// <summary>
/// <c>model_config.pv3d.generator</c>: the constructor arguments of the tri-plane generator, with
/// the official <c>configs/models/pv3d.yaml</c> values as defaults for every key a config leaves out.
/// </summary>
public sealed record GeneratorConfig
{
    public long ZDim { get; init; } = 512;
    public long CDim { get; init; } = 25;
    public long WDim { get; init; } = 512;
    public long ImgResolution { get; init; } = 512;
    public long ImgChannels { get; init; } = 3;
    public MappingKwargs MappingKwargs { get; init; } = new();
    public long ChannelBase { get; init; } = 32768;
    public long ChannelMax { get; init; } = 512;
    public string FusedModconvDefault { get; init; } = "inference_only";
    public long NumFp16Res { get; init; }
    public double? ConvClamp { get; init; }
    public RenderingKwargs RenderingKwargs { get; init; } = new();
    public long SrNumFp16Res { get; init; } = 4;
    public SuperresolutionKwargs SrKwargs { get; init; } = new();

    /// <summary>
    /// Side of the tri-plane feature maps (our key <c>plane_resolution</c>; the official generator hard-codes 256,
    /// and configs written by us name the key only when it differs). Small models train much faster at 64.
    /// </summary>
    public long PlaneResolution { get; init; } = OfficialPlaneResolution;

    public const long OfficialPlaneResolution = 256;

    /// <summary>The super-resolution class name (last part of <c>rendering_kwargs.superresolution_module</c>).</summary>
    public string SuperresolutionClass => SuperresolutionFactory.ClassName(RenderingKwargs.SuperresolutionModule, "config");

    /// <summary>
    /// The generator's typed constructor arguments. Throws <see cref="Pv3dException"/> for renderer settings the
    /// renderer cannot run (checked when a generator is built, as the official code does).
    /// </summary>
    public GeneratorOptions ToOptions() => new()
    {
        ZDim = ZDim,
        CDim = CDim,
        WDim = WDim,
        ImgResolution = ImgResolution,
        PlaneResolution = PlaneResolution,
        Mapping = new MappingOptions
        {
            NumLayers = (int)MappingKwargs.NumLayers,
            LrMultiplier = MappingKwargs.LrMultiplier,
            WAvgBeta = MappingKwargs.WAvgBeta,
        },
        Synthesis = new SynthesisOptions
        {
            ChannelBase = ChannelBase,
            ChannelMax = ChannelMax,
            NumFp16Res = (int)NumFp16Res,
            ConvClamp = ConvClamp,
            FusedModconvDefault = FusedModconvModes.Parse(FusedModconvDefault),
        },
        Superresolution = new SuperresolutionOptions
        {
            ClassName = SuperresolutionClass,
            NumFp16Res = (int)SrNumFp16Res,
            Antialias = RenderingKwargs.SrAntialias,
            FusedModconvDefault = FusedModconvModes.Parse(SrKwargs.FusedModconvDefault),
            ChannelMax = SrKwargs.ChannelMax,
            NoiseMode = NoiseModes.Parse(RenderingKwargs.SuperresolutionNoiseMode),
        },
        Rendering = RenderingKwargs.ToRenderingOptions(),
        DecoderLrMul = RenderingKwargs.DecoderLrMul,
        CGenConditioningZero = RenderingKwargs.CGenConditioningZero,
        CScale = RenderingKwargs.CScale,
    };

    internal static GeneratorConfig Read(ConfigTree.Section s)
    {
        var d = new GeneratorConfig();
        var result = new GeneratorConfig
        {
            ZDim = s.Int("z_dim", d.ZDim),
            CDim = s.Int("c_dim", d.CDim),
            WDim = s.Int("w_dim", d.WDim),
            ImgResolution = s.Int("img_resolution", d.ImgResolution),
            ImgChannels = s.Int("img_channels", d.ImgChannels),
            MappingKwargs = MappingKwargs.Read(s.Child("mapping_kwargs")),
            ChannelBase = s.Int("channel_base", d.ChannelBase),
            ChannelMax = s.Int("channel_max", d.ChannelMax),
            FusedModconvDefault = s.String("fused_modconv_default", d.FusedModconvDefault),
            NumFp16Res = s.Int("num_fp16_res", d.NumFp16Res),
            ConvClamp = s.NullableDouble("conv_clamp"),
            RenderingKwargs = RenderingKwargs.Read(s.Child("rendering_kwargs")),
            SrNumFp16Res = s.Int("sr_num_fp16_res", d.SrNumFp16Res),
            SrKwargs = SuperresolutionKwargs.Read(s.Child("sr_kwargs")),
            PlaneResolution = s.Int("plane_resolution", d.PlaneResolution),
        };
        result.Validate(s);
        return result;
    }

    private void Validate(ConfigTree.Section s)
    {
        var srClass = SuperresolutionFactory.ClassName(RenderingKwargs.SuperresolutionModule, s.Source);
        var srResolution = SuperresolutionFactory.OutputResolution(srClass);
        if (srResolution is { } fixedResolution && ImgResolution != fixedResolution)
            throw new Pv3dException(
                $"{s.Source}: config key '{s.Path}.img_resolution' is {ImgResolution}, but the super-resolution module {srClass} produces {fixedResolution}x{fixedResolution} images");
        if (srResolution is null && !SuperresolutionFactory.Produces(srClass, ImgResolution))
            throw new Pv3dException(
                $"{s.Source}: config key '{s.Path}.img_resolution' is {ImgResolution}; {srClass} needs an even resolution of at least 8");
        if (PlaneResolution < 4 || (PlaneResolution & (PlaneResolution - 1)) != 0)
            throw new Pv3dException(
                $"{s.Source}: config key '{s.Path}.plane_resolution' is {PlaneResolution}; it must be a power of two of at least 4");
        if (ImgChannels != 3)
            throw new Pv3dException($"{s.Source}: config key '{s.Path}.img_channels' is {ImgChannels}; the PV3D generator makes RGB images (3)");
        if (ZDim < 1 || CDim < 0 || WDim < 1 || ChannelBase < 1 || ChannelMax < 1)
            throw new Pv3dException($"{s.Source}: config section '{s.Path}' has a non-positive dimension (z_dim {ZDim}, c_dim {CDim}, w_dim {WDim}, channel_base {ChannelBase}, channel_max {ChannelMax})");
        if (FusedModconvDefault is not ("inference_only" or "True" or "False" or "true" or "false"))
            throw new Pv3dException($"{s.Source}: config key '{s.Path}.fused_modconv_default' is '{FusedModconvDefault}'; expected inference_only, true or false");
    }

    internal Dictionary<string, object?> ToTree()
    {
        var tree = OfficialKeys();
        if (PlaneResolution != OfficialPlaneResolution) tree["plane_resolution"] = PlaneResolution;
        return tree;
    }

    private Dictionary<string, object?> OfficialKeys() => new()
    {
        ["z_dim"] = ZDim,
        ["c_dim"] = CDim,
        ["w_dim"] = WDim,
        ["img_resolution"] = ImgResolution,
        ["img_channels"] = ImgChannels,
        ["mapping_kwargs"] = MappingKwargs.ToTree(),
        ["channel_base"] = ChannelBase,
        ["channel_max"] = ChannelMax,
        ["fused_modconv_default"] = FusedModconvDefault,
        ["num_fp16_res"] = NumFp16Res,
        ["conv_clamp"] = ConvClamp,
        ["rendering_kwargs"] = RenderingKwargs.ToTree(),
        ["sr_num_fp16_res"] = SrNumFp16Res,
        ["sr_kwargs"] = SrKwargs.ToTree(),
    };
}

/// <summary><c>generator.mapping_kwargs</c>: extra arguments of the mapping network.</summary>
public sealed record MappingKwargs
{
    public long NumLayers { get; init; } = 2;
    public double LrMultiplier { get; init; } = 0.01;
    public double WAvgBeta { get; init; } = 0.998;

    internal static MappingKwargs Read(ConfigTree.Section s)
    {
        var d = new MappingKwargs();
        return new MappingKwargs
        {
            NumLayers = s.Int("num_layers", d.NumLayers),
            LrMultiplier = s.Double("lr_multiplier", d.LrMultiplier),
            WAvgBeta = s.Double("w_avg_beta", d.WAvgBeta),
        };
    }

    internal Dictionary<string, object?> ToTree() => new()
    {
        ["num_layers"] = NumLayers,
        ["lr_multiplier"] = LrMultiplier,
        ["w_avg_beta"] = WAvgBeta,
    };
}

/// <summary><c>generator.sr_kwargs</c>: arguments forwarded to the super-resolution module.</summary>
public sealed record SuperresolutionKwargs
{
    public long ChannelBase { get; init; } = 32768;
    public long ChannelMax { get; init; } = 512;
    public string FusedModconvDefault { get; init; } = "inference_only";

    internal static SuperresolutionKwargs Read(ConfigTree.Section s)
    {
        var d = new SuperresolutionKwargs();
        return new SuperresolutionKwargs
        {
            ChannelBase = s.Int("channel_base", d.ChannelBase),
            ChannelMax = s.Int("channel_max", d.ChannelMax),
            FusedModconvDefault = s.String("fused_modconv_default", d.FusedModconvDefault),
        };
    }

    internal Dictionary<string, object?> ToTree() => new()
    {
        ["channel_base"] = ChannelBase,
        ["channel_max"] = ChannelMax,
        ["fused_modconv_default"] = FusedModconvDefault,
    };
}
