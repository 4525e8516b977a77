namespace Pv3d.Rendering;

/// <summary>
/// The renderer's part of the official <c>rendering_kwargs</c> (read from a config by <c>Config.RenderingKwargs</c>).
/// Property names are the official keys in C# casing (<c>depth_resolution</c> → <see cref="DepthResolution"/>);
/// defaults are PV3D's (<c>configs/models/pv3d.yaml</c>).
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
}
