using System.Collections;
using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using Pv3d.Torch;
using Pv3d.Torch.IO;
using Pv3d.Torch.Modules;
using Pv3d.Torch.Optim;

namespace Pv3d.Checkpoints;

/// <summary>
/// The whole training state in one safetensors file (Pv3d's own format): the modules' state dicts
/// under <c>module.NAME.</c>, each Adam's moments under <c>optim.NAME.INDEX.</c> with its hyper-parameters
/// and step counts as JSON metadata, libtorch's CPU generator state under <c>rng.cpu</c>, the counters
/// and the run's config JSON. The file is written to a hidden temporary sibling and renamed over the
/// target, so a process killed at any moment leaves the previous checkpoint or the new one, never a
/// torn file under the real name (a stale temporary may remain: <see cref="DeleteStaleTemporaries"/>).
/// </summary>
public static class TrainingCheckpoint
{
    public const string FormatName = "pv3d-training-checkpoint";
    public const int FormatVersion = 1;

    private const string RngKey = "rng.cpu";
    private const string ModulePrefix = "module.";

    /// <summary>Whether safetensors metadata marks a training checkpoint.</summary>
    public static bool IsTrainingCheckpoint(IReadOnlyDictionary<string, string> metadata) =>
        metadata.TryGetValue("format", out var format) && format == FormatName;

    /// <summary>
    /// The network weights of a training checkpoint's tensors under their network names
    /// (<c>generator_ema.backbone…</c>, as in an official checkpoint's model state); the optimiser moments and the
    /// RNG state are disposed.
    /// </summary>
    public static Dictionary<string, Tensor> NetworkTensors(Dictionary<string, Tensor> all)
    {
        var networks = new Dictionary<string, Tensor>();
        foreach (var (key, tensor) in all)
        {
            if (key.StartsWith(ModulePrefix, StringComparison.Ordinal)) networks[key[ModulePrefix.Length..]] = tensor;
            else tensor.Dispose();
        }
        return networks;
    }

    /// <summary>
    /// The config JSON of a training checkpoint's metadata for the loaders: <c>pv3d.config</c> (generator and
    /// discriminators) or, in files written before it existed, the generator-only <c>config</c>.
    /// </summary>
    public static string? NetworksConfig(IReadOnlyDictionary<string, string> metadata) =>
        metadata.TryGetValue(CheckpointLoader.ConfigMetadataKey, out var full) ? full : metadata.GetValueOrDefault("config");

    /// <summary>What a checkpoint holds besides the module and optimiser tensors.</summary>
    public sealed record Contents(TrainingProgress Progress, string ConfigJson, byte[] RngState);

    /// <summary>
    /// Saves <paramref name="modules"/> and <paramref name="optimizers"/> (by name, e.g. "generator",
    /// "generator_ema", "img_discriminator"), the counters, the config and the current CPU generator
    /// state (or <paramref name="rngState"/> when given). <paramref name="networksConfigJson"/>, when given, is stored
    /// as <c>pv3d.config</c> so the generator and discriminator loaders can read the file directly.
    /// </summary>
    public static void Save(string path, IReadOnlyDictionary<string, Module> modules, IReadOnlyDictionary<string, Adam> optimizers,
        TrainingProgress progress, string configJson, byte[]? rngState = null, string? networksConfigJson = null)
    {
        using var scope = TensorScope.Enter();
        var tensors = new Dictionary<string, Tensor>();
        foreach (var (name, module) in modules)
        {
            CheckName(name, "module");
            foreach (var (key, t) in module.StateDict()) tensors[$"module.{name}.{key}"] = t;
        }

        var optimMeta = new JsonObject();
        foreach (var (name, adam) in optimizers)
        {
            CheckName(name, "optimizer");
            optimMeta[name] = DescribeAdam(name, adam.StateDict(), tensors);
        }

        var rng = rngState ?? TorchRandom.GetState();
        tensors[RngKey] = Tensor.FromArray(rng, rng.Length);

        var metadata = new Dictionary<string, string>
        {
            ["format"] = FormatName,
            ["version"] = FormatVersion.ToString(CultureInfo.InvariantCulture),
            ["progress"] = JsonSerializer.Serialize(new JsonObject
            {
                ["num_updates"] = progress.NumUpdates,
                ["num_samples"] = progress.NumSamples,
                ["log_position"] = progress.LogPosition,
            }),
            ["modules"] = new JsonArray(modules.Keys.Select(k => (JsonNode)k).ToArray()).ToJsonString(),
            ["optimizers"] = optimMeta.ToJsonString(),
            ["config"] = configJson,
        };
        if (networksConfigJson is not null) metadata[CheckpointLoader.ConfigMetadataKey] = networksConfigJson;
        SafeTensors.Save(path, tensors, metadata);
    }

    /// <summary>
    /// Loads a checkpoint into existing modules and optimisers (strictly: every name and key must
    /// match), restores the CPU generator state unless <paramref name="restoreRng"/> is false, and
    /// returns the counters, config and generator state. Everything is read and checked before any
    /// module changes; a bad file raises <see cref="Pv3dException"/> naming it.
    /// </summary>
    public static Contents Load(string path, IReadOnlyDictionary<string, Module> modules, IReadOnlyDictionary<string, Adam> optimizers,
        bool restoreRng = true)
    {
        using var scope = TensorScope.Enter();
        var (tensors, meta) = SafeTensors.Load(path);
        try
        {
            if (!meta.TryGetValue("format", out var format) || format != FormatName)
                throw Bad(path, "it is not a Pv3d training checkpoint (no 'format' metadata naming one)");
            if (Meta(path, meta, "version") != FormatVersion.ToString(CultureInfo.InvariantCulture))
                throw Bad(path, $"format version {meta["version"]} is not supported (expected {FormatVersion})");

            var savedModules = JsonNode.Parse(Meta(path, meta, "modules"))!.AsArray().Select(n => n!.GetValue<string>()).ToHashSet();
            var wanted = modules.Keys.ToHashSet();
            if (!savedModules.SetEquals(wanted))
                throw Bad(path, $"it holds modules [{string.Join(", ", savedModules)}], expected [{string.Join(", ", wanted)}]");
            var optimMeta = JsonNode.Parse(Meta(path, meta, "optimizers"))!.AsObject();
            var savedOptims = optimMeta.Select(kv => kv.Key).ToHashSet();
            if (!savedOptims.SetEquals(optimizers.Keys))
                throw Bad(path, $"it holds optimizers [{string.Join(", ", savedOptims)}], expected [{string.Join(", ", optimizers.Keys)}]");

            var perModule = new Dictionary<string, Dictionary<string, Tensor>>();
            foreach (var (name, module) in modules)
            {
                var prefix = $"module.{name}.";
                var entries = tensors.Where(kv => kv.Key.StartsWith(prefix, StringComparison.Ordinal))
                    .ToDictionary(kv => kv.Key[prefix.Length..], kv => kv.Value);
                var fit = module.CompareStateDict(entries);
                if (!fit.IsComplete) throw Bad(path, $"module '{name}' does not fit: {fit.Describe()}");
                perModule[name] = entries;
            }
            var optimStates = optimizers.ToDictionary(kv => kv.Key, kv => RebuildAdamState(path, kv.Key, optimMeta[kv.Key]!.AsObject(), tensors));
            if (!tensors.TryGetValue(RngKey, out var rngTensor) || rngTensor.DType != DType.UInt8)
                throw Bad(path, $"it has no uint8 '{RngKey}' tensor");
            var rng = rngTensor.ToArray<byte>();
            var progress = ReadProgress(path, Meta(path, meta, "progress"));
            var config = Meta(path, meta, "config");

            foreach (var (name, module) in modules) module.LoadStateDict(perModule[name]);
            foreach (var (name, adam) in optimizers) adam.LoadStateDict(optimStates[name]);
            if (restoreRng) TorchRandom.SetState(rng);
            return new Contents(progress, config, rng);
        }
        finally
        {
            foreach (var t in tensors.Values) t.Dispose();
        }
    }

    /// <summary>
    /// Deletes the hidden temporaries a killed writer may have left beside <paramref name="path"/>
    /// (<c>.NAME.*.tmp</c>); call before writing the next checkpoint. Returns how many were removed.
    /// </summary>
    public static int DeleteStaleTemporaries(string path)
    {
        var full = Path.GetFullPath(path);
        var dir = Path.GetDirectoryName(full)!;
        if (!Directory.Exists(dir)) return 0;
        var n = 0;
        foreach (var temp in Directory.EnumerateFiles(dir, $".{Path.GetFileName(full)}.*.tmp"))
        {
            File.Delete(temp);
            n++;
        }
        return n;
    }

    private static JsonObject DescribeAdam(string name, Dictionary<object, object?> stateDict, Dictionary<string, Tensor> tensors)
    {
        var groups = new JsonArray();
        foreach (var entry in (List<object?>)stateDict["param_groups"]!)
        {
            var g = (Dictionary<object, object?>)entry!;
            var betas = (object?[])g["betas"]!;
            groups.Add(new JsonObject
            {
                ["lr"] = (double)g["lr"]!,
                ["beta1"] = (double)betas[0]!,
                ["beta2"] = (double)betas[1]!,
                ["eps"] = (double)g["eps"]!,
                ["weight_decay"] = (double)g["weight_decay"]!,
                ["maximize"] = (bool)g["maximize"]!,
                ["params"] = new JsonArray(((List<object?>)g["params"]!).Select(i => (JsonNode)(long)i!).ToArray()),
            });
        }
        var steps = new JsonObject();
        foreach (var (key, value) in (Dictionary<object, object?>)stateDict["state"]!)
        {
            var index = (long)key;
            var s = (Dictionary<object, object?>)value!;
            steps[index.ToString(CultureInfo.InvariantCulture)] = ((Tensor)s["step"]!).Item();
            tensors[$"optim.{name}.{index}.exp_avg"] = (Tensor)s["exp_avg"]!;
            tensors[$"optim.{name}.{index}.exp_avg_sq"] = (Tensor)s["exp_avg_sq"]!;
        }
        return new JsonObject { ["param_groups"] = groups, ["steps"] = steps };
    }

    private static Dictionary<object, object?> RebuildAdamState(string path, string name, JsonObject description, Dictionary<string, Tensor> tensors)
    {
        try
        {
            var groups = new List<object?>();
            foreach (var g in description["param_groups"]!.AsArray())
            {
                groups.Add(new Dictionary<object, object?>
                {
                    ["lr"] = g!["lr"]!.GetValue<double>(),
                    ["betas"] = new object?[] { g["beta1"]!.GetValue<double>(), g["beta2"]!.GetValue<double>() },
                    ["eps"] = g["eps"]!.GetValue<double>(),
                    ["weight_decay"] = g["weight_decay"]!.GetValue<double>(),
                    ["maximize"] = g["maximize"]!.GetValue<bool>(),
                    ["params"] = g["params"]!.AsArray().Select(i => (object?)i!.GetValue<long>()).ToList(),
                });
            }
            var state = new Dictionary<object, object?>();
            foreach (var (key, step) in description["steps"]!.AsObject())
            {
                var index = long.Parse(key, CultureInfo.InvariantCulture);
                state[index] = new Dictionary<object, object?>
                {
                    ["step"] = step!.GetValue<double>(),
                    ["exp_avg"] = tensors.GetValueOrDefault($"optim.{name}.{index}.exp_avg") ?? throw Bad(path, $"optimizer '{name}' lacks exp_avg of parameter {index}"),
                    ["exp_avg_sq"] = tensors.GetValueOrDefault($"optim.{name}.{index}.exp_avg_sq") ?? throw Bad(path, $"optimizer '{name}' lacks exp_avg_sq of parameter {index}"),
                };
            }
            return new Dictionary<object, object?> { ["state"] = state, ["param_groups"] = groups };
        }
        catch (Exception e) when (e is InvalidOperationException or NullReferenceException or FormatException or KeyNotFoundException)
        {
            throw Bad(path, $"optimizer '{name}' has malformed metadata ({e.Message})");
        }
    }

    private static TrainingProgress ReadProgress(string path, string json)
    {
        try
        {
            var o = JsonNode.Parse(json)!.AsObject();
            return new TrainingProgress(o["num_updates"]!.GetValue<long>(), o["num_samples"]!.GetValue<long>(), o["log_position"]!.GetValue<long>());
        }
        catch (Exception e) when (e is JsonException or InvalidOperationException or NullReferenceException or FormatException)
        {
            throw Bad(path, $"malformed 'progress' metadata ({e.Message})");
        }
    }

    private static string Meta(string path, Dictionary<string, string> meta, string key) =>
        meta.TryGetValue(key, out var v) ? v : throw Bad(path, $"it has no '{key}' metadata");

    private static void CheckName(string name, string what)
    {
        if (string.IsNullOrEmpty(name) || name.Contains('.'))
            throw new ArgumentException($"{what} name '{name}' must be non-empty and contain no '.'");
    }

    private static Pv3dException Bad(string path, string why) => new($"{path}: cannot load the training checkpoint: {why}");
}
