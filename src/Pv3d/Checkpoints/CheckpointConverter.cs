namespace Pv3d.Checkpoints;

/// <summary>Loads a generator checkpoint (checking it against its config) and writes it in the other format.</summary>
public static class CheckpointConverter
{
    /// <summary>Writes our safetensors for a <c>.safetensors</c> destination, the official layout otherwise; returns the format written.</summary>
    public static string Convert(string source, string destination, string network = GeneratorNetworks.Ema, string? configPath = null)
    {
        using var loaded = CheckpointLoader.LoadGenerator(source, network, configPath);
        return CheckpointExporter.Save(destination, loaded.Generator, loaded.Config);
    }
}
