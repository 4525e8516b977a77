namespace Pv3d.Config;

/// <summary>
/// The super-resolution classes a config may name. The official config gives a Python dotted path
/// (<c>lib.models.videg3d.networks.superresolution.SuperresolutionHybrid8XDC</c>; EG3D checkpoints
/// use <c>training.superresolution.…</c>); only the last component selects the class.
/// </summary>
public static class SuperresolutionModules
{
    public const string DefaultPath = "lib.models.videg3d.networks.superresolution.SuperresolutionHybrid8XDC";

    /// <summary>
    /// Class name → the output resolution the class produces (the official code asserts it); null for our own
    /// <c>SuperresolutionCompact2X</c>, which doubles any even resolution.
    /// </summary>
    public static readonly IReadOnlyDictionary<string, long?> OutputResolution = new Dictionary<string, long?>
    {
        ["SuperresolutionHybrid2X"] = 128,
        ["SuperresolutionHybrid4X"] = 256,
        ["SuperresolutionHybrid8X"] = 512,
        ["SuperresolutionHybrid8XDC"] = 512,
        ["SuperresolutionCompact2X"] = null,
    };

    /// <summary>Whether <c>SuperresolutionCompact2X</c> can make this resolution (even, at least 8).</summary>
    public static bool CompactAccepts(long imgResolution) => imgResolution >= 8 && imgResolution % 2 == 0;

    /// <summary>The class name of a dotted path; throws <see cref="Pv3dException"/> for an unknown class.</summary>
    public static string Resolve(string path, string source)
    {
        var name = path.Split('.')[^1];
        if (!OutputResolution.ContainsKey(name))
            throw new Pv3dException(
                $"{source}: unknown super-resolution module '{path}' (rendering_kwargs.superresolution_module); " +
                $"known classes: {string.Join(", ", OutputResolution.Keys)}");
        return name;
    }
}
