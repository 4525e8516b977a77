using Pv3d.Config;
using Pv3d.Torch;
using Pv3d.Torch.IO;
using Pv3d.Torch.IO.Pickle;
using Pv3d.Torch.Modules;

namespace Pv3d.Checkpoints;

/// <summary>
/// Writes a generator as our safetensors file (state dict + config JSON in the metadata) or as a
/// torch.save file in the official layout (<c>model</c> → <c>generator.*</c> and <c>generator_ema.*</c>,
/// both the given weights; <c>config</c> → the official nesting), which the official loader and
/// <see cref="CheckpointLoader"/> both read. Files are replaced atomically.
/// </summary>
public static class CheckpointExporter
{
    public const string FormatMetadataKey = "format";
    public const string FormatName = "pv3d.generator";

    /// <summary>Our safetensors for a <c>.safetensors</c> path, the official layout otherwise; returns the format written.</summary>
    public static string Save(string path, Module generator, ModelConfig config)
    {
        if (Path.GetExtension(path).Equals(".safetensors", StringComparison.OrdinalIgnoreCase))
        {
            SaveSafeTensors(path, generator, config);
            return "pv3d safetensors";
        }
        SaveOfficial(path, generator, config);
        return "official torch.save layout";
    }

    public static void SaveSafeTensors(string path, Module generator, ModelConfig config)
    {
        var state = generator.StateDict();
        SafeTensors.Save(path, state, new Dictionary<string, string>
        {
            [FormatMetadataKey] = FormatName,
            [CheckpointLoader.ConfigMetadataKey] = config.ToJson(),
        });
    }

    public static void SaveOfficial(string path, Module generator, ModelConfig config)
    {
        var state = generator.StateDict();
        var model = new PyOrderedDict();
        foreach (var network in new[] { GeneratorNetworks.Trained, GeneratorNetworks.Ema })
            foreach (var (key, value) in state)
                model[$"{network}.{key}"] = value;
        var root = new Dictionary<object, object?>
        {
            ["model"] = model,
            ["config"] = ToPickleTree(config.ToOfficialTree()),
        };
        TorchCheckpoint.Save(path, root);
    }

    /// <summary>A config tree as the pickler's plain values (dict keys are objects there).</summary>
    internal static object? ToPickleTree(object? node) => node switch
    {
        Dictionary<string, object?> d => d.ToDictionary(kv => (object)kv.Key, kv => ToPickleTree(kv.Value)),
        List<object?> l => l.Select(ToPickleTree).ToList(),
        _ => node,
    };
}
