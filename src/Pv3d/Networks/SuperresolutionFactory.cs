namespace Pv3d.Networks;

/// <summary>
/// Builds a super-resolution network from the class path a config names in
/// <c>rendering_kwargs.superresolution_module</c>, as the official code does with
/// <c>construct_class_by_name</c>. PV3D's, EG3D's package layout and EG3D's original
/// <c>training.superresolution</c> module are all accepted.
/// </summary>
public static class SuperresolutionFactory
{
    /// <summary>The modules that hold the official super-resolution classes.</summary>
    public static readonly IReadOnlyList<string> ModulePaths =
    [
        "lib.models.videg3d.networks.superresolution",
        "lib.models.eg3d.networks.superresolution",
        "training.superresolution",
        OwnModulePath,
    ];

    /// <summary>The module path of our own classes (<see cref="SuperresolutionCompact2X"/>).</summary>
    public const string OwnModulePath = "pv3d.superresolution";

    private delegate Superresolution Constructor(long channels, long imgResolution, int srNumFp16Res, bool srAntialias,
        FusedModconvMode fusedModconvDefault, long srChannelMax);

    private static readonly IReadOnlyDictionary<string, Constructor> Classes = new Dictionary<string, Constructor>
    {
        [nameof(SuperresolutionHybrid2X)] = (c, r, f, a, m, _) => new SuperresolutionHybrid2X(c, r, f, a, m),
        [nameof(SuperresolutionHybrid4X)] = (c, r, f, a, m, _) => new SuperresolutionHybrid4X(c, r, f, a, m),
        [nameof(SuperresolutionHybrid8X)] = (c, r, f, a, m, _) => new SuperresolutionHybrid8X(c, r, f, a, m),
        [nameof(SuperresolutionHybrid8XDC)] = (c, r, f, a, m, _) => new SuperresolutionHybrid8XDC(c, r, f, a, m),
        [nameof(SuperresolutionCompact2X)] = (c, r, f, a, m, cm) => new SuperresolutionCompact2X(c, r, f, a, m, cm),
    };

    /// <summary>Every class path <see cref="Create"/> accepts.</summary>
    public static IEnumerable<string> KnownClassPaths =>
        ModulePaths.SelectMany(module => Classes.Keys.Select(cls => $"{module}.{cls}"));

    /// <summary>
    /// The network named by <paramref name="classPath"/> (for example
    /// <c>lib.models.videg3d.networks.superresolution.SuperresolutionHybrid8XDC</c>), with the
    /// generator's arguments: <c>channels</c> (32), <c>img_resolution</c>, <c>sr_num_fp16_res</c>,
    /// <c>sr_antialias</c>, <c>sr_kwargs.fused_modconv_default</c> and <c>sr_kwargs.channel_max</c> (only our
    /// own classes use the last).
    /// </summary>
    public static Superresolution Create(string classPath, long channels, long imgResolution, int srNumFp16Res,
        bool srAntialias, FusedModconvMode fusedModconvDefault = FusedModconvMode.Fused, long srChannelMax = 512)
    {
        ArgumentNullException.ThrowIfNull(classPath);
        var dot = classPath.LastIndexOf('.');
        var module = dot < 0 ? "" : classPath[..dot];
        var name = classPath[(dot + 1)..];
        if (!ModulePaths.Contains(module) || !Classes.TryGetValue(name, out var constructor))
            throw new Pv3dException(
                $"unknown super-resolution module '{classPath}' (rendering_kwargs.superresolution_module); " +
                $"known: {string.Join(", ", KnownClassPaths)}");
        return constructor(channels, imgResolution, srNumFp16Res, srAntialias, fusedModconvDefault, srChannelMax);
    }
}
