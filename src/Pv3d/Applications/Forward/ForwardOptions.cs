using Pv3d.Checkpoints;

namespace Pv3d.Applications.Forward;

/// <summary>What <c>pv3d forward</c> runs (see <see cref="ForwardRunner"/>).</summary>
public sealed record ForwardOptions
{
    public required string CheckpointPath { get; init; }
    public required string InputsPath { get; init; }
    public required string OutputPath { get; init; }

    /// <summary>Neural rendering resolution; null = the checkpoint's (<c>training.rendering_resolution</c>).</summary>
    public long? RenderingResolution { get; init; }

    /// <summary>Fixed sample depths (no jitter, importance u = linspace(0, 1)); otherwise the official random placement.</summary>
    public bool Deterministic { get; init; }

    public double TruncationPsi { get; init; } = 1;
    public int? TruncationCutoff { get; init; }
    public string Network { get; init; } = GeneratorNetworks.Ema;

    /// <summary>A config file for checkpoints that store none (bare state dicts); overrides a stored config.</summary>
    public string? ConfigPath { get; init; }

    /// <summary>Seed of the generator used by stochastic sampling.</summary>
    public long Seed { get; init; }

    /// <summary>Rows run together (bounds memory; the results do not depend on it).</summary>
    public int BatchSize { get; init; } = 4;
}
