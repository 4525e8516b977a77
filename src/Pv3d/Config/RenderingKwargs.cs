using Pv3d.Networks;
using Pv3d.Rendering;

namespace Pv3d.Config;

/// <summary>
/// <c>model_config.pv3d.generator.rendering_kwargs</c>: how the tri-plane generator renders. The one reader of
/// these keys; <see cref="ToRenderingOptions"/> gives the renderer its part. Defaults are the official
/// <c>configs/models/pv3d.yaml</c> values; keys the YAML does not set (<c>white_back</c>, <c>density_noise</c>)
/// default to off, as in the official code. <c>ray_start</c>/<c>ray_end</c> may be 'auto' (null here): the rays
/// then run between their intersections with the box, as in the official renderer (PV3D's configs give numbers).
/// </summary>
public sealed record RenderingKwargs
{
    public long ImageResolution { get; init; } = 512;
    public bool DisparitySpaceSampling { get; init; }
    public string ClampMode { get; init; } = "softplus";
    public string SuperresolutionModule { get; init; } = SuperresolutionFactory.DefaultPath;
    public string SuperresolutionNoiseMode { get; init; } = "none";
    public bool CGenConditioningZero { get; init; }
    public double GpcRegProb { get; init; } = 0.5;
    public double CScale { get; init; } = 1.0;
    public double DensityReg { get; init; } = 0.25;
    public string RegType { get; init; } = "l1";
    public double DensityRegPDist { get; init; } = 0.004;
    public double DecoderLrMul { get; init; } = 1.0;
    public bool SrAntialias { get; init; } = true;
    public long DepthResolution { get; init; } = 48;
    public long DepthResolutionImportance { get; init; } = 48;
    public double? RayStart { get; init; } = 2.25;
    public double? RayEnd { get; init; } = 3.3;
    public double BoxWarp { get; init; } = 1;
    public double AvgCameraRadius { get; init; } = 2.7;
    public double[] AvgCameraPivot { get; init; } = { 0, 0, 0.2 };
    public bool WhiteBack { get; init; }
    public double DensityNoise { get; init; }

    /// <summary>Reads a <c>rendering_kwargs</c> mapping given as a config tree (see <see cref="ConfigTree"/>).</summary>
    public static RenderingKwargs FromDictionary(Dictionary<string, object?> kwargs, string source) =>
        Read(new ConfigTree(kwargs, source).SectionAt(kwargs, "rendering_kwargs"));

    /// <summary>Reads a <c>rendering_kwargs</c> mapping written as a JSON object.</summary>
    public static RenderingKwargs FromJson(string json, string source) => FromDictionary(ConfigJson.Read(json, source), source);

    internal static RenderingKwargs Read(ConfigTree.Section s)
    {
        var d = new RenderingKwargs();
        var result = new RenderingKwargs
        {
            ImageResolution = s.Int("image_resolution", d.ImageResolution),
            DisparitySpaceSampling = s.Bool("disparity_space_sampling", d.DisparitySpaceSampling),
            ClampMode = s.String("clamp_mode", d.ClampMode),
            SuperresolutionModule = s.String("superresolution_module", d.SuperresolutionModule),
            SuperresolutionNoiseMode = s.String("superresolution_noise_mode", d.SuperresolutionNoiseMode),
            CGenConditioningZero = s.Bool("c_gen_conditioning_zero", d.CGenConditioningZero),
            GpcRegProb = s.Double("gpc_reg_prob", d.GpcRegProb),
            CScale = s.Double("c_scale", d.CScale),
            DensityReg = s.Double("density_reg", d.DensityReg),
            RegType = s.String("reg_type", d.RegType),
            DensityRegPDist = s.Double("density_reg_p_dist", d.DensityRegPDist),
            DecoderLrMul = s.Double("decoder_lr_mul", d.DecoderLrMul),
            SrAntialias = s.Bool("sr_antialias", d.SrAntialias),
            DepthResolution = s.Int("depth_resolution", d.DepthResolution),
            DepthResolutionImportance = s.Int("depth_resolution_importance", d.DepthResolutionImportance),
            RayStart = ReadRayBound(s, "ray_start", d.RayStart),
            RayEnd = ReadRayBound(s, "ray_end", d.RayEnd),
            BoxWarp = s.Double("box_warp", d.BoxWarp),
            AvgCameraRadius = s.Double("avg_camera_radius", d.AvgCameraRadius),
            AvgCameraPivot = s.Doubles("avg_camera_pivot", d.AvgCameraPivot),
            WhiteBack = s.Bool("white_back", d.WhiteBack),
            DensityNoise = s.Double("density_noise", d.DensityNoise),
        };
        result.Validate(s);
        return result;
    }

    /// <summary>A number, or null for 'auto' (the ray-box intersection).</summary>
    private static double? ReadRayBound(ConfigTree.Section s, string key, double? fallback) =>
        s.Has(key) && s.String(key, "") == "auto" ? null : s.Has(key) ? s.Double(key, 0) : fallback;

    private void Validate(ConfigTree.Section s)
    {
        SuperresolutionFactory.ClassName(SuperresolutionModule, s.Source);
        if (ClampMode != "softplus")
            throw new Pv3dException($"{s.Source}: config key '{s.Path}.clamp_mode' is '{ClampMode}'; only 'softplus' is supported (as in the official ray marcher)");
        if (SuperresolutionNoiseMode is not ("random" or "const" or "none"))
            throw new Pv3dException($"{s.Source}: config key '{s.Path}.superresolution_noise_mode' is '{SuperresolutionNoiseMode}'; expected random, const or none");
        if (DepthResolution < 2)
            throw new Pv3dException($"{s.Source}: config key '{s.Path}.depth_resolution' is {DepthResolution}; it must be at least 2");
    }

    /// <summary>The renderer's settings; throws <see cref="Pv3dException"/> for ones it cannot run.</summary>
    public RenderingOptions ToRenderingOptions()
    {
        var options = new RenderingOptions
        {
            DepthResolution = (int)DepthResolution,
            DepthResolutionImportance = (int)DepthResolutionImportance,
            RayStart = RayStart,
            RayEnd = RayEnd,
            BoxWarp = BoxWarp,
            WhiteBack = WhiteBack,
            ClampMode = ClampMode,
            DisparitySpaceSampling = DisparitySpaceSampling,
            DensityNoise = DensityNoise,
        };
        options.Validate();
        return options;
    }

    internal Dictionary<string, object?> ToTree() => new()
    {
        ["image_resolution"] = ImageResolution,
        ["disparity_space_sampling"] = DisparitySpaceSampling,
        ["clamp_mode"] = ClampMode,
        ["superresolution_module"] = SuperresolutionModule,
        ["superresolution_noise_mode"] = SuperresolutionNoiseMode,
        ["c_gen_conditioning_zero"] = CGenConditioningZero,
        ["gpc_reg_prob"] = GpcRegProb,
        ["c_scale"] = CScale,
        ["density_reg"] = DensityReg,
        ["reg_type"] = RegType,
        ["density_reg_p_dist"] = DensityRegPDist,
        ["decoder_lr_mul"] = DecoderLrMul,
        ["sr_antialias"] = SrAntialias,
        ["depth_resolution"] = DepthResolution,
        ["depth_resolution_importance"] = DepthResolutionImportance,
        ["ray_start"] = RayStart ?? (object)"auto",
        ["ray_end"] = RayEnd ?? (object)"auto",
        ["box_warp"] = BoxWarp,
        ["avg_camera_radius"] = AvgCameraRadius,
        ["avg_camera_pivot"] = AvgCameraPivot.Select(v => (object?)v).ToList(),
        ["white_back"] = WhiteBack,
        ["density_noise"] = DensityNoise,
    };

    public bool Equals(RenderingKwargs? other) =>
        other is not null && ToTreeString() == other.ToTreeString();

    public override int GetHashCode() => ToTreeString().GetHashCode();

    private string ToTreeString() => ConfigJson.Write(ToTree());
}
