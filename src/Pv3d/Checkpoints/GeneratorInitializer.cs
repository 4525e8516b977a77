using Pv3d.Config;
using Pv3d.Networks;
using Pv3d.Torch;

namespace Pv3d.Checkpoints;

/// <summary>
/// A freshly initialised generator (the official initialisation, seeded) written as a checkpoint: the
/// starting point for training from scratch and the model used to measure the full-size architecture.
/// </summary>
public static class GeneratorInitializer
{
    /// <summary>Writes our safetensors for a <c>.safetensors</c> destination, the official layout otherwise.</summary>
    public static string Create(string destination, ModelConfig config, long seed)
    {
        TorchRandom.ManualSeed(seed);
        using var generator = new TriPlaneGenerator(config.Generator.ToOptions(), config.RenderingResolution);
        return CheckpointExporter.Save(destination, generator, config);
    }

    /// <summary>
    /// <c>pv3d init</c>: <see cref="Create"/> with the config of <paramref name="configPath"/> (official YAML or our JSON),
    /// or the official defaults when null; returns what was written and the config used.
    /// </summary>
    public static (string Written, ModelConfig Config) CreateFromConfigFile(string destination, string? configPath, long seed)
    {
        var config = configPath is null ? new ModelConfig() : ModelConfig.FromFile(configPath);
        return (Create(destination, config, seed), config);
    }
}
