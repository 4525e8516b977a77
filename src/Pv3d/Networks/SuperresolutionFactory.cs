namespace Pv3d.Networks;

/// <summary>
/// The one table of super-resolution classes: official class name → constructor and the image side it makes.
/// A config names a class by a Python dotted path in <c>rendering_kwargs.superresolution_module</c>, as the
/// official code's <c>construct_class_by_name</c> does; only the last component selects the class, so PV3D's
/// and EG3D's package layouts and EG3D's original <c>training.superresolution</c> module all work. Config
/// validation asks this table which classes exist and which resolutions they make.
/// </summary>
public static class SuperresolutionFactory
{
    /// <summary>The official PV3D default (<c>configs/models/pv3d.yaml</c>).</summary>
    public const string DefaultPath = "lib.models.videg3d.networks.superresolution.SuperresolutionHybrid8XDC";

    /// <summary>The modules that hold the official classes, and ours; used to spell the known class paths.</summary>
    public static readonly IReadOnlyList<string> ModulePaths =
    [
        "lib.models.videg3d.networks.superresolution",
        "lib.models.eg3d.networks.superresolution",
        "training.superresolution",
        OwnModulePath,
    ];

    /// <summary>The module path of our own classes (<see cref="SuperresolutionCompact2X"/>).</summary>
    public const string OwnModulePath = "pv3d.superresolution";

    private delegate Superresolution Constructor(long channels, long imgResolution, SuperresolutionOptions options);

    /// <param name="OutputResolution">The image side the class makes; null for a class that makes many (see <see cref="Produces"/>).</param>
    private sealed record Entry(Constructor Create, long? OutputResolution);

    private static readonly IReadOnlyDictionary<string, Entry> Classes = new Dictionary<string, Entry>
    {
        [nameof(SuperresolutionHybrid2X)] = new((c, r, o) => new SuperresolutionHybrid2X(c, r, o.NumFp16Res, o.Antialias, o.FusedModconvDefault),
            SuperresolutionHybrid2X.OutputResolution),
        [nameof(SuperresolutionHybrid4X)] = new((c, r, o) => new SuperresolutionHybrid4X(c, r, o.NumFp16Res, o.Antialias, o.FusedModconvDefault),
            SuperresolutionHybrid4X.OutputResolution),
        [nameof(SuperresolutionHybrid8X)] = new((c, r, o) => new SuperresolutionHybrid8X(c, r, o.NumFp16Res, o.Antialias, o.FusedModconvDefault),
            SuperresolutionHybrid8X.OutputResolution),
        [nameof(SuperresolutionHybrid8XDC)] = new((c, r, o) => new SuperresolutionHybrid8XDC(c, r, o.NumFp16Res, o.Antialias, o.FusedModconvDefault),
            SuperresolutionHybrid8XDC.OutputResolution),
        [nameof(SuperresolutionCompact2X)] = new((c, r, o) => new SuperresolutionCompact2X(c, r, o.NumFp16Res, o.Antialias, o.FusedModconvDefault, o.ChannelMax),
            null),
    };

    /// <summary>Every class path a config may name (each known class under each known module).</summary>
    public static IEnumerable<string> KnownClassPaths =>
        ModulePaths.SelectMany(module => Classes.Keys.Select(cls => $"{module}.{cls}"));

    /// <summary>
    /// The class name of a dotted path (<c>lib.models.videg3d.networks.superresolution.SuperresolutionHybrid8XDC</c>
    /// → <c>SuperresolutionHybrid8XDC</c>); an unknown class raises <see cref="Pv3dException"/> naming
    /// <paramref name="source"/> (the config file, when given) and the known paths.
    /// </summary>
    public static string ClassName(string path, string? source = null)
    {
        ArgumentNullException.ThrowIfNull(path);
        var name = path[(path.LastIndexOf('.') + 1)..];
        if (!Classes.ContainsKey(name))
            throw new Pv3dException(
                (source is null ? "" : $"{source}: ") + $"unknown super-resolution module '{path}' (rendering_kwargs.superresolution_module); " +
                $"known: {string.Join(", ", KnownClassPaths)}");
        return name;
    }

    /// <summary>The image side class <paramref name="className"/> always makes, or null when it makes several.</summary>
    public static long? OutputResolution(string className) => Classes[className].OutputResolution;

    /// <summary>Whether class <paramref name="className"/> can make <paramref name="imgResolution"/>² images.</summary>
    public static bool Produces(string className, long imgResolution) =>
        Classes[className].OutputResolution is { } fixedResolution
            ? imgResolution == fixedResolution
            : SuperresolutionCompact2X.Accepts(imgResolution);

    /// <summary>
    /// The network of class <paramref name="options"/>.ClassName for <paramref name="channels"/> feature channels
    /// (the generator's 32) and <paramref name="imgResolution"/>² images.
    /// </summary>
    public static Superresolution Create(long channels, long imgResolution, SuperresolutionOptions options)
    {
        var entry = Classes.TryGetValue(options.ClassName, out var e) ? e
            : throw new Pv3dException($"unknown super-resolution class '{options.ClassName}'; known: {string.Join(", ", Classes.Keys)}");
        return entry.Create(channels, imgResolution, options);
    }

    /// <summary>
    /// The network named by the dotted <paramref name="classPath"/>, with the generator's arguments: <c>channels</c> (32),
    /// <c>img_resolution</c>, <c>sr_num_fp16_res</c>, <c>sr_antialias</c>, <c>sr_kwargs.fused_modconv_default</c> and
    /// <c>sr_kwargs.channel_max</c> (only our own classes use the last).
    /// </summary>
    public static Superresolution Create(string classPath, long channels, long imgResolution, int srNumFp16Res,
        bool srAntialias, FusedModconvMode fusedModconvDefault = FusedModconvMode.Fused, long srChannelMax = 512) =>
        Create(channels, imgResolution, new SuperresolutionOptions
        {
            ClassName = ClassName(classPath),
            NumFp16Res = srNumFp16Res,
            Antialias = srAntialias,
            FusedModconvDefault = fusedModconvDefault,
            ChannelMax = srChannelMax,
            NoiseMode = NoiseMode.None,
        });
}
