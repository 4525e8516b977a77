namespace Pv3d.Networks;

/// <summary>
/// A synthesis block's default for the fused (grouped) modulated convolution: the official
/// <c>fused_modconv_default</c>, which is True, False or 'inference_only' (fused in eval mode,
/// non-fused in training mode).
/// </summary>
public enum FusedModconvMode
{
    Fused,
    NonFused,
    InferenceOnly,
}

public static class FusedModconvModes
{
    /// <summary>Parses the official config value: true/false (any casing) or 'inference_only'.</summary>
    public static FusedModconvMode Parse(string value) => value.Trim().ToLowerInvariant() switch
    {
        "true" => FusedModconvMode.Fused,
        "false" => FusedModconvMode.NonFused,
        "inference_only" => FusedModconvMode.InferenceOnly,
        _ => throw new Pv3dException($"unknown fused_modconv_default '{value}' (expected true, false or 'inference_only')"),
    };

    /// <summary>Whether a module in training mode <paramref name="training"/> uses the fused form.</summary>
    public static bool Resolve(this FusedModconvMode mode, bool training) => mode switch
    {
        FusedModconvMode.Fused => true,
        FusedModconvMode.NonFused => false,
        _ => !training,
    };
}
