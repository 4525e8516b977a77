using System.Globalization;
using System.Text.Json;

namespace Pv3d.Rendering;

/// <summary>
/// The renderer's part of the official <c>rendering_kwargs</c>. Property names are the official keys
/// in C# casing (<c>depth_resolution</c> → <see cref="DepthResolution"/>); defaults are PV3D's
/// (<c>configs/models/pv3d.yaml</c>). Keys the renderer does not use are ignored here.
/// </summary>
public sealed record RenderingOptions
{
    /// <summary>Coarse samples per ray (<c>depth_resolution</c>).</summary>
    public int DepthResolution { get; init; } = 48;

    /// <summary>Importance samples per ray (<c>depth_resolution_importance</c>); 0 = coarse pass only.</summary>
    public int DepthResolutionImportance { get; init; } = 48;

    /// <summary>Near depth (<c>ray_start</c>); null means 'auto' (intersection with the box, see <see cref="RayLimits"/>).</summary>
    public double? RayStart { get; init; } = 2.25;

    /// <summary>Far depth (<c>ray_end</c>); null means 'auto'.</summary>
    public double? RayEnd { get; init; } = 3.3;

    /// <summary>Side length of the cube mapped onto the planes' [-1, 1] range (<c>box_warp</c>).</summary>
    public double BoxWarp { get; init; } = 1;

    /// <summary>Composite onto white (<c>white_back</c>; absent = false).</summary>
    public bool WhiteBack { get; init; }

    /// <summary>Density activation (<c>clamp_mode</c>); the official ray marcher only supports 'softplus'.</summary>
    public string ClampMode { get; init; } = "softplus";

    /// <summary>Sample coarse depths uniformly in disparity (<c>disparity_space_sampling</c>).</summary>
    public bool DisparitySpaceSampling { get; init; }

    /// <summary>Std of Gaussian noise added to raw sigma (<c>density_noise</c>; absent = 0, off).</summary>
    public double DensityNoise { get; init; }

    public bool AutoRayLimits => RayStart is null;

    /// <summary>The official key names this record reads.</summary>
    public static readonly IReadOnlyList<string> Keys = new[]
    {
        "depth_resolution", "depth_resolution_importance", "ray_start", "ray_end", "box_warp",
        "white_back", "clamp_mode", "disparity_space_sampling", "density_noise",
    };

    /// <summary>
    /// Reads the renderer's keys from an official <c>rendering_kwargs</c> dict (values as they come
    /// from YAML, JSON or a checkpoint's pickled config); missing keys keep the PV3D defaults, except
    /// <c>white_back</c> and <c>density_noise</c>, which default to off as in the official code.
    /// </summary>
    public static RenderingOptions FromDictionary(IReadOnlyDictionary<string, object?> kwargs)
    {
        var o = new RenderingOptions();
        if (kwargs.TryGetValue("depth_resolution", out var v)) o = o with { DepthResolution = (int)ToDouble("depth_resolution", v) };
        if (kwargs.TryGetValue("depth_resolution_importance", out v))
            o = o with { DepthResolutionImportance = v is null ? 0 : (int)ToDouble("depth_resolution_importance", v) };
        if (kwargs.TryGetValue("ray_start", out v)) o = o with { RayStart = ToLimit("ray_start", v) };
        if (kwargs.TryGetValue("ray_end", out v)) o = o with { RayEnd = ToLimit("ray_end", v) };
        if (kwargs.TryGetValue("box_warp", out v)) o = o with { BoxWarp = ToDouble("box_warp", v) };
        if (kwargs.TryGetValue("white_back", out v)) o = o with { WhiteBack = ToBool("white_back", v) };
        if (kwargs.TryGetValue("clamp_mode", out v)) o = o with { ClampMode = ToText(v) ?? "softplus" };
        if (kwargs.TryGetValue("disparity_space_sampling", out v)) o = o with { DisparitySpaceSampling = ToBool("disparity_space_sampling", v) };
        if (kwargs.TryGetValue("density_noise", out v)) o = o with { DensityNoise = v is null ? 0 : ToDouble("density_noise", v) };
        o.Validate();
        return o;
    }

    /// <summary>Throws <see cref="Pv3dException"/> for settings the renderer cannot run.</summary>
    public void Validate()
    {
        if (DepthResolution < 2) throw new Pv3dException($"rendering_kwargs.depth_resolution must be at least 2, got {DepthResolution}");
        if (DepthResolutionImportance < 0)
            throw new Pv3dException($"rendering_kwargs.depth_resolution_importance must not be negative, got {DepthResolutionImportance}");
        if (DepthResolutionImportance > 0 && DepthResolution < 4)
            throw new Pv3dException($"importance sampling needs rendering_kwargs.depth_resolution of at least 4, got {DepthResolution}");
        if ((RayStart is null) != (RayEnd is null))
            throw new Pv3dException("rendering_kwargs.ray_start and ray_end must both be numbers or both be 'auto'");
        if (ClampMode != "softplus")
            throw new Pv3dException($"rendering_kwargs.clamp_mode '{ClampMode}' is not supported: the ray marcher only supports 'softplus'");
        if (!(BoxWarp > 0)) throw new Pv3dException($"rendering_kwargs.box_warp must be positive, got {BoxWarp}");
        if (DisparitySpaceSampling && AutoRayLimits)
            throw new Pv3dException("rendering_kwargs.disparity_space_sampling needs numeric ray_start and ray_end, not 'auto'");
    }

    private static double? ToLimit(string key, object? v) =>
        ToText(v) is "auto" ? null : ToDouble(key, v);

    private static string? ToText(object? v) => v switch
    {
        null => null,
        string s => s,
        JsonElement { ValueKind: JsonValueKind.String } e => e.GetString(),
        _ => null,
    };

    private static double ToDouble(string key, object? v)
    {
        switch (v)
        {
            case JsonElement { ValueKind: JsonValueKind.Number } e: return e.GetDouble();
            case string s when double.TryParse(s, NumberStyles.Float, CultureInfo.InvariantCulture, out var d): return d;
            case string or bool: break;
            case IConvertible c: return c.ToDouble(CultureInfo.InvariantCulture);
        }
        throw new Pv3dException($"rendering_kwargs.{key} must be a number, got '{v ?? "null"}'");
    }

    private static bool ToBool(string key, object? v) => v switch
    {
        null => false,
        bool b => b,
        JsonElement { ValueKind: JsonValueKind.True } => true,
        JsonElement { ValueKind: JsonValueKind.False or JsonValueKind.Null } => false,
        string s when bool.TryParse(s, out var b) => b,
        long or int => Convert.ToInt64(v) != 0,
        _ => throw new Pv3dException($"rendering_kwargs.{key} must be true or false, got '{v}'"),
    };
}
