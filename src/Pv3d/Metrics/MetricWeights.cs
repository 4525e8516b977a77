using Pv3d.Torch;
using Pv3d.Torch.IO;
using Pv3d.Torch.Modules;

namespace Pv3d.Metrics;

/// <summary>
/// The pretrained feature networks the metrics need, which users download themselves (nothing is fetched): where the
/// official code looks for them, and a loader that says exactly what is missing and where to put it.
/// </summary>
public static class MetricWeights
{
    /// <summary>VideoGPT's I3D (FVD): the official code downloads it into ~/.cache/videogpt/.</summary>
    public static readonly WeightFile I3d = new("I3D (FVD)", "i3d_pretrained_400.pt",
        Path.Combine(Home, ".cache", "videogpt", "i3d_pretrained_400.pt"),
        "VideoGPT's i3d_pretrained_400.pt (Google Drive id 1mQK8KD8G6UWRa5t87SRMm5PVXtlpneJT, as the official download.py fetches it)");

    /// <summary>TreB1eN's IR-SE50 ArcFace (ID): the official ID script reads ~/.cache/model_ir_se50.pth.</summary>
    public static readonly WeightFile ArcFace = new("ArcFace IR-SE50 (ID)", "model_ir_se50.pth",
        Path.Combine(Home, ".cache", "model_ir_se50.pth"),
        "model_ir_se50.pth of TreB1eN/InsightFace_Pytorch (the IR-SE50 ArcFace model the official ID metric uses)");

    private static string Home => Environment.GetFolderPath(Environment.SpecialFolder.UserProfile);

    /// <summary>
    /// Loads <paramref name="file"/> (or, when null, the official default location) into <paramref name="module"/>:
    /// a plain state dict, optionally under "state_dict"/"model" and with DataParallel's "module." prefix; batch-norm
    /// counters (num_batches_tracked) that old files lack are not required.
    /// </summary>
    public static void Load(Module module, WeightFile weights, string? file, string setting)
    {
        var path = file ?? weights.DefaultPath;
        if (!File.Exists(path))
            throw new Pv3dException(file is null
                ? $"{weights.What} weights not found at {path}: download {weights.Description} and put it there, or give its path with the {setting} setting"
                : $"{path}: {weights.What} weights file not found (expected {weights.Description}; the official code keeps it at {weights.DefaultPath})");
        var loaded = TorchCheckpoint.LoadStateDict(path);
        try
        {
            var source = new Dictionary<string, Tensor>();
            foreach (var (key, value) in loaded)
                source[key.StartsWith("module.", StringComparison.Ordinal) ? key["module.".Length..] : key] = value;
            foreach (var (name, own) in module.StateDict())
                if (name.EndsWith("num_batches_tracked", StringComparison.Ordinal) && !source.ContainsKey(name))
                    source[name] = own;
            var report = module.CompareStateDict(source);
            if (!report.IsComplete)
                throw new Pv3dException($"{path}: not the {weights.What} weights ({weights.FileName}): {report.Describe()}");
            module.LoadStateDict(source);
        }
        finally
        {
            foreach (var t in loaded.Values) t.Dispose();
        }
        module.Eval();
    }
}

/// <param name="What">What the network is, for messages.</param>
/// <param name="FileName">The official file name.</param>
/// <param name="DefaultPath">Where the official code looks for it (used when no path is given).</param>
/// <param name="Description">Where to get it.</param>
public sealed record WeightFile(string What, string FileName, string DefaultPath, string Description);
