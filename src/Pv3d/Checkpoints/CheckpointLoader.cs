using Pv3d.Config;
using Pv3d.Networks;
using Pv3d.Torch;
using Pv3d.Torch.IO;

namespace Pv3d.Checkpoints;

/// <summary>
/// Reads a generator's weights and config from (a) an official PV3D <c>.ckpt</c> (the config stored in
/// it, or <paramref name="configPath"/> when given), (b) a bare state dict saved with torch.save plus a
/// config file (official YAML or our JSON), or (c) our safetensors file with the config in its metadata.
/// The format is recognised from the file's first bytes, not its name.
/// </summary>
public static class CheckpointLoader
{
    public const string ConfigMetadataKey = "pv3d.config";

    /// <summary>The settings the loaders' messages name: which network to load, and the config file that overrides a stored one.</summary>
    public const string NetworkSetting = "Network";
    public const string ConfigSetting = "ConfigPath";

    /// <summary>
    /// Reads the file, builds the <see cref="TriPlaneGenerator"/> its config describes and loads the
    /// weights (every key must match by name and shape). The generator is returned in eval mode.
    /// </summary>
    public static LoadedGenerator LoadGenerator(string path, string network = GeneratorNetworks.Ema, string? configPath = null)
    {
        using var checkpoint = Read(path, network, configPath);
        var generator = new TriPlaneGenerator(checkpoint.Config.Generator.ToOptions(), checkpoint.Config.RenderingResolution);
        try
        {
            checkpoint.LoadInto(generator);
        }
        catch
        {
            generator.Dispose();
            throw;
        }
        generator.Eval();
        return new LoadedGenerator(generator, checkpoint.Config, path, checkpoint.Format, network);
    }

    /// <summary>Reads the weights of <paramref name="network"/> and the config, without building anything.</summary>
    public static GeneratorCheckpoint Read(string path, string network = GeneratorNetworks.Ema, string? configPath = null)
    {
        GeneratorNetworks.Check(network);
        CheckpointFiles.CheckExists(path);
        return CheckpointFiles.IsZip(path) ? ReadTorch(path, network, configPath) : ReadSafeTensors(path, network, configPath);
    }

    private static GeneratorCheckpoint ReadTorch(string path, string network, string? configPath)
    {
        object? root;
        using (var scope = TensorScope.Enter())
        {
            root = TorchCheckpoint.Load(path);
            foreach (var t in TorchCheckpoint.EnumerateTensors(root)) t.DetachFromScopes();
        }
        try
        {
            var all = CheckpointFiles.ModelEntries(root) is { Count: > 0 } entries ? entries
                      : throw new Pv3dException($"{path}: neither an official PV3D checkpoint (no 'model' state dict) nor a state dict of tensors");
            var (state, prefixed) = SelectNetwork(all, network, path);
            var config = configPath is not null ? ModelConfig.FromFile(configPath) : StoredConfig(root, path);
            var format = root is Dictionary<object, object?> d && d.ContainsKey("model") ? CheckpointFormat.Official : CheckpointFormat.BareStateDict;
            TorchCheckpoint.DisposeTensors(root, keep: state.Values.ToHashSet());
            return new GeneratorCheckpoint(path, format, network, config, state) { HasPrefix = prefixed };
        }
        catch
        {
            TorchCheckpoint.DisposeTensors(root);
            throw;
        }
    }

    /// <summary>The entries of one network with its prefix removed; a bare generator state dict is taken whole.</summary>
    private static (Dictionary<string, Tensor> State, bool Prefixed) SelectNetwork(Dictionary<string, Tensor> all, string network, string path)
    {
        var selected = CheckpointFiles.Network(all, network);
        if (selected.Count > 0) return (selected, true);
        if (all.Keys.Any(k => k.StartsWith("backbone.", StringComparison.Ordinal))) return (new Dictionary<string, Tensor>(all), false);
        var networks = all.Keys.Select(k => k.Split('.')[0]).Distinct().Take(8);
        throw Pv3dException.ForSettings(
            $"{path}: no '{network}.*' weights in the checkpoint (it holds: {string.Join(", ", networks)}); choose another {NetworkSetting}", NetworkSetting);
    }

    private static ModelConfig StoredConfig(object? root, string path)
    {
        if (root is Dictionary<object, object?> d && d.TryGetValue("config", out var stored) && stored is not null)
            return ModelConfig.FromCheckpointConfig(stored, $"{path} (stored config)");
        throw Pv3dException.ForSettings(
            $"{path}: the checkpoint stores no config; give the config it was trained with as {ConfigSetting} (an official YAML such as configs/models/pv3d.yaml or our JSON)",
            ConfigSetting);
    }

    private static GeneratorCheckpoint ReadSafeTensors(string path, string network, string? configPath)
    {
        Dictionary<string, Tensor> tensors;
        Dictionary<string, string> metadata;
        using (var scope = TensorScope.Enter())
        {
            (tensors, metadata) = SafeTensors.Load(path);
            foreach (var t in tensors.Values) t.DetachFromScopes();
        }
        var training = TrainingCheckpoint.IsTrainingCheckpoint(metadata);
        if (training) tensors = TrainingCheckpoint.NetworkTensors(tensors);
        try
        {
            ModelConfig config;
            if (configPath is not null) config = ModelConfig.FromFile(configPath);
            else if (training && TrainingCheckpoint.NetworksConfig(metadata) is { } stored)
                config = ModelConfig.FromJson(stored, $"{path} (training checkpoint config)");
            else if (metadata.TryGetValue(ConfigMetadataKey, out var json)) config = ModelConfig.FromJson(json, $"{path} (metadata '{ConfigMetadataKey}')");
            else throw Pv3dException.ForSettings(
                $"{path}: the safetensors file has no '{ConfigMetadataKey}' metadata; give the generator's config as {ConfigSetting}", ConfigSetting);
            if (training)
            {
                var (state, _) = SelectNetwork(tensors, network, path);
                TorchCheckpoint.DisposeTensors(tensors, keep: state.Values.ToHashSet());
                return new GeneratorCheckpoint(path, CheckpointFormat.SafeTensors, network, config, state);
            }
            return new GeneratorCheckpoint(path, CheckpointFormat.SafeTensors, network, config, tensors);
        }
        catch
        {
            foreach (var t in tensors.Values) t.Dispose();
            throw;
        }
    }
}
