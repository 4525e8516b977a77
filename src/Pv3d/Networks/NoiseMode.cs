namespace Pv3d.Networks;

/// <summary>Which per-pixel noise a <see cref="SynthesisLayer"/> adds (official 'random', 'const', 'none').</summary>
public enum NoiseMode
{
    /// <summary>Fresh Gaussian noise on every call (the official default; not reproducible across calls).</summary>
    Random,

    /// <summary>The layer's stored <c>noise_const</c> buffer: deterministic.</summary>
    Const,

    /// <summary>No noise.</summary>
    None,
}

public static class NoiseModes
{
    /// <summary>Parses the official spelling ('random', 'const', 'none').</summary>
    public static NoiseMode Parse(string value) => value switch
    {
        "random" => NoiseMode.Random,
        "const" => NoiseMode.Const,
        "none" => NoiseMode.None,
        _ => throw new Pv3dException($"unknown noise mode '{value}' (expected 'random', 'const' or 'none')"),
    };

    public static string ToOfficialString(this NoiseMode mode) => mode switch
    {
        NoiseMode.Random => "random",
        NoiseMode.Const => "const",
        _ => "none",
    };
}
