using Pv3d.Checkpoints;

namespace Pv3d.Applications.Generation;

/// <summary>What <c>pv3d generate</c> runs (see <see cref="GenerateRunner"/>).</summary>
public sealed record GenerateOptions
{
    public required string CheckpointPath { get; init; }
    public string Network { get; init; } = GeneratorNetworks.Ema;

    /// <summary>A config file for checkpoints that store none (bare state dicts); overrides a stored config.</summary>
    public string? ConfigPath { get; init; }

    /// <summary>Neural rendering resolution; null = the checkpoint's (<c>training.rendering_resolution</c>).</summary>
    public long? RenderingResolution { get; init; }

    /// <summary>One video per seed.</summary>
    public required IReadOnlyList<long> Seeds { get; init; }

    /// <summary>The folder the files go to (created if missing).</summary>
    public required string OutputDir { get; init; }

    public VideoGenerationOptions Video { get; init; } = new();
}
