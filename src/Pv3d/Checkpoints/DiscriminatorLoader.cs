using Pv3d.Config;
using Pv3d.Networks.Discriminators;
using Pv3d.Torch;
using Pv3d.Torch.IO;
using Pv3d.Torch.Modules;

namespace Pv3d.Checkpoints;

/// <summary>
/// Reads the image and video discriminators (<c>img_discriminator.*</c>, <c>vid_discriminator.*</c>) from an
/// official PV3D <c>.ckpt</c> / bare model state dict (torch zip) or from a safetensors file holding the
/// same prefixed keys, with their architecture from the stored config or <c>configPath</c>.
/// A file without discriminator keys (a generator export) gives no discriminators, not an error.
/// </summary>
public static class DiscriminatorLoader
{
    public const string ImageNetwork = "img_discriminator";
    public const string VideoNetwork = "vid_discriminator";

    public static LoadedDiscriminators Load(string path, string? configPath = null)
    {
        if (!File.Exists(path)) throw new Pv3dException($"{path}: checkpoint file not found");
        Dictionary<string, Tensor> all;
        Func<DiscriminatorConfig> config;
        object? root = null;
        using (var scope = TensorScope.Enter())
        {
            if (IsZip(path))
            {
                root = TorchCheckpoint.Load(path);
                foreach (var t in TorchCheckpoint.EnumerateTensors(root)) t.DetachFromScopes();
                all = ModelEntries(root);
                var stored = root is Dictionary<object, object?> d ? d.GetValueOrDefault("config") : null;
                config = () => configPath is not null ? DiscriminatorConfig.FromFile(configPath)
                    : stored is not null ? DiscriminatorConfig.FromCheckpointConfig(stored, $"{path} (stored config)")
                    : throw new Pv3dException($"{path}: the checkpoint stores no config; pass the config it was trained with (--config)");
            }
            else
            {
                var (tensors, metadata) = SafeTensors.Load(path);
                foreach (var t in tensors.Values) t.DetachFromScopes();
                all = TrainingCheckpoint.IsTrainingCheckpoint(metadata) ? TrainingCheckpoint.NetworkTensors(tensors) : tensors;
                config = () => configPath is not null ? DiscriminatorConfig.FromFile(configPath)
                    : metadata.TryGetValue(CheckpointLoader.ConfigMetadataKey, out var json)
                        ? DiscriminatorConfig.FromTree(new ConfigTree(ConfigJson.Read(json, path), $"{path} (metadata '{CheckpointLoader.ConfigMetadataKey}')"))
                        : throw new Pv3dException($"{path}: the safetensors file has no '{CheckpointLoader.ConfigMetadataKey}' metadata; pass the config with --config");
            }
        }
        DualDiscriminator? image = null;
        VideoDiscriminator? video = null;
        try
        {
            var imageState = Select(all, ImageNetwork);
            var videoState = Select(all, VideoNetwork);
            var cfg = imageState.Count + videoState.Count > 0 ? config() : new DiscriminatorConfig();
            if (imageState.Count > 0) image = Build(new DualDiscriminator(cfg.Image), imageState, ImageNetwork, path);
            if (videoState.Count > 0) video = Build(new VideoDiscriminator(cfg.Video), videoState, VideoNetwork, path);
            return new LoadedDiscriminators(image, video, cfg, path);
        }
        catch
        {
            image?.Dispose();
            video?.Dispose();
            throw;
        }
        finally
        {
            if (root is not null) TorchCheckpoint.DisposeTensors(root);
            else foreach (var t in all.Values) t.Dispose();
        }
    }

    private static T Build<T>(T d, Dictionary<string, Tensor> state, string network, string path) where T : Module
    {
        try
        {
            var report = d.CompareStateDict(state);
            if (!report.IsComplete)
                throw new Pv3dException($"{path}: the {network} weights do not fit the architecture described by the config: {report.WithPrefix($"{network}.").Describe()}");
            d.LoadStateDict(state);
            d.Eval();
            return d;
        }
        catch
        {
            d.Dispose();
            throw;
        }
    }

    private static Dictionary<string, Tensor> ModelEntries(object? root)
    {
        var result = new Dictionary<string, Tensor>();
        if (root is not Dictionary<object, object?> dict) return result;
        var source = dict.TryGetValue("model", out var model) && model is Dictionary<object, object?> m ? m : dict;
        foreach (var (k, v) in source)
            if (k is string name && v is Tensor t)
                result[name.StartsWith("module.", StringComparison.Ordinal) ? name["module.".Length..] : name] = t;
        return result;
    }

    private static Dictionary<string, Tensor> Select(Dictionary<string, Tensor> all, string network)
    {
        var prefix = network + ".";
        return all.Where(kv => kv.Key.StartsWith(prefix, StringComparison.Ordinal)).ToDictionary(kv => kv.Key[prefix.Length..], kv => kv.Value);
    }

    private static bool IsZip(string path)
    {
        Span<byte> magic = stackalloc byte[4];
        using var file = File.OpenRead(path);
        return file.Read(magic) == 4 && magic[0] == (byte)'P' && magic[1] == (byte)'K' && magic[2] == 3 && magic[3] == 4;
    }
}
