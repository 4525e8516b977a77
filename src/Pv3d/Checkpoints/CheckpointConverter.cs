using Pv3d.Torch.IO;

namespace Pv3d.Checkpoints;

/// <summary>Loads a generator checkpoint (checking it against its config) and writes it in the other format.</summary>
public static class CheckpointConverter
{
    /// <summary>The setting that allows replacing a training checkpoint (named in messages; the CLI maps it to its flag).</summary>
    public const string ReplaceTrainingCheckpointSetting = "ReplaceTrainingCheckpoint";

    /// <summary>
    /// Writes our safetensors for a <c>.safetensors</c> destination, the official layout otherwise; returns the format
    /// written. The destination must not be the source (same inode: the source would be replaced by its own
    /// conversion) nor, unless <paramref name="replaceTrainingCheckpoint"/>, a training checkpoint (which holds the
    /// optimiser state and progress a generator file lacks).
    /// </summary>
    public static string Convert(string source, string destination, string network = GeneratorNetworks.Ema, string? configPath = null,
        bool replaceTrainingCheckpoint = false)
    {
        CheckDestination(source, destination, replaceTrainingCheckpoint);
        using var loaded = CheckpointLoader.LoadGenerator(source, network, configPath);
        return CheckpointExporter.Save(destination, loaded.Generator, loaded.Config);
    }

    /// <summary>Refuses a destination that is the source or (unless allowed) a training checkpoint.</summary>
    public static void CheckDestination(string source, string destination, bool replaceTrainingCheckpoint)
    {
        if (FileKind.Of(destination) != FileType.Regular) return;
        if (FileKind.SameFile(source, destination))
            throw new Pv3dException($"{destination}: the output is the input checkpoint itself; write the conversion to another file");
        if (!replaceTrainingCheckpoint && SafeTensors.TryReadMetadata(destination) is { } metadata && TrainingCheckpoint.IsTrainingCheckpoint(metadata))
            throw Pv3dException.ForSettings(
                $"{destination}: the output is a training checkpoint (weights of all networks, optimiser state, progress), which a generator file " +
                $"would replace with less; write elsewhere, or allow it with {ReplaceTrainingCheckpointSetting}", ReplaceTrainingCheckpointSetting);
    }
}
