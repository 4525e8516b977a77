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
        CheckpointFiles.CheckExists(path);
        Dictionary<string, Tensor> all;
        Func<DiscriminatorConfig> config;
        object? root = null;
        using (var scope = TensorScope.Enter())
        {
            if (CheckpointFiles.IsZip(path))
            {
                root = TorchCheckpoint.Load(path);
                foreach (var t in TorchCheckpoint.EnumerateTensors(root)) t.DetachFromScopes();
                all = CheckpointFiles.ModelEntries(root);
                var stored = root is Dictionary<object, object?> d ? d.GetValueOrDefault("config") : null;
                config = () => configPath is not null ? DiscriminatorConfig.FromFile(configPath)
                    : stored is not null ? DiscriminatorConfig.FromCheckpointConfig(stored, $"{path} (stored config)")
                    : throw Pv3dException.ForSettings(
                        $"{path}: the checkpoint stores no config; give the config it was trained with as {CheckpointLoader.ConfigSetting}",
                        CheckpointLoader.ConfigSetting);
            }
            else
            {
                var (tensors, metadata) = SafeTensors.Load(path);
                foreach (var t in tensors.Values) t.DetachFromScopes();
                all = TrainingCheckpoint.IsTrainingCheckpoint(metadata) ? TrainingCheckpoint.NetworkTensors(tensors) : tensors;
                config = () => configPath is not null ? DiscriminatorConfig.FromFile(configPath)
                    : metadata.TryGetValue(CheckpointLoader.ConfigMetadataKey, out var json)
                        ? DiscriminatorConfig.FromTree(new ConfigTree(ConfigJson.Read(json, path), $"{path} (metadata '{CheckpointLoader.ConfigMetadataKey}')"))
                        : throw Pv3dException.ForSettings(
                            $"{path}: the safetensors file has no '{CheckpointLoader.ConfigMetadataKey}' metadata; give the config as {CheckpointLoader.ConfigSetting}",
                            CheckpointLoader.ConfigSetting);
            }
        }
        DualDiscriminator? image = null;
        VideoDiscriminator? video = null;
        try
        {
            var imageState = CheckpointFiles.Network(all, ImageNetwork);
            var videoState = CheckpointFiles.Network(all, VideoNetwork);
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
}
