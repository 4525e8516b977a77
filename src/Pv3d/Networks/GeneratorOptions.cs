using Pv3d.Rendering;

namespace Pv3d.Networks;

/// <summary>
/// The tri-plane generator's constructor arguments, typed: what <c>Config.GeneratorConfig</c> makes of
/// <c>model_config.pv3d.generator</c> (official key in brackets). The config owns the defaults and the
/// validation; the generator only reads these values, so it never parses a string or narrows a number.
/// </summary>
public sealed record GeneratorOptions
{
    /// <summary>Width of the appearance code z (<c>z_dim</c>).</summary>
    public required long ZDim { get; init; }

    /// <summary>Camera-conditioning width (<c>c_dim</c>; 25 = cam2world 4x4 + intrinsics 3x3).</summary>
    public required long CDim { get; init; }

    /// <summary>Width of w (<c>w_dim</c>).</summary>
    public required long WDim { get; init; }

    /// <summary>Side of the final image (<c>img_resolution</c>).</summary>
    public required long ImgResolution { get; init; }

    /// <summary>Side of the tri-plane feature maps (our <c>plane_resolution</c>; officially 256).</summary>
    public required long PlaneResolution { get; init; }

    /// <summary>The backbone's mapping network (<c>mapping_kwargs</c>).</summary>
    public required MappingOptions Mapping { get; init; }

    /// <summary>The backbone's synthesis network (<c>channel_base</c>, <c>channel_max</c>, <c>num_fp16_res</c>, <c>conv_clamp</c>, <c>fused_modconv_default</c>).</summary>
    public required SynthesisOptions Synthesis { get; init; }

    /// <summary>The super-resolution network (<c>rendering_kwargs.superresolution_module</c>, <c>sr_*</c>).</summary>
    public required SuperresolutionOptions Superresolution { get; init; }

    /// <summary>The renderer's settings (<c>rendering_kwargs</c>).</summary>
    public required RenderingOptions Rendering { get; init; }

    /// <summary>Learning-rate multiplier of the decoder's layers (<c>rendering_kwargs.decoder_lr_mul</c>).</summary>
    public required double DecoderLrMul { get; init; }

    /// <summary>Zero the mapping camera (<c>rendering_kwargs.c_gen_conditioning_zero</c>).</summary>
    public required bool CGenConditioningZero { get; init; }

    /// <summary>Scale of the mapping camera (<c>rendering_kwargs.c_scale</c>).</summary>
    public required double CScale { get; init; }
}

/// <summary>
/// The super-resolution part of <see cref="GeneratorOptions"/>: the class (a name from
/// <see cref="SuperresolutionFactory"/>) and its arguments.
/// </summary>
public sealed record SuperresolutionOptions
{
    /// <summary>Class name (the last component of <c>rendering_kwargs.superresolution_module</c>).</summary>
    public required string ClassName { get; init; }

    /// <summary><c>sr_num_fp16_res</c>: only decides the clamp (we run fp32).</summary>
    public required int NumFp16Res { get; init; }

    /// <summary><c>rendering_kwargs.sr_antialias</c>.</summary>
    public required bool Antialias { get; init; }

    /// <summary><c>sr_kwargs.fused_modconv_default</c>.</summary>
    public required FusedModconvMode FusedModconvDefault { get; init; }

    /// <summary><c>sr_kwargs.channel_max</c> (only our own classes use it).</summary>
    public required long ChannelMax { get; init; }

    /// <summary>Noise of the super-resolution blocks (<c>rendering_kwargs.superresolution_noise_mode</c>).</summary>
    public required NoiseMode NoiseMode { get; init; }
}
