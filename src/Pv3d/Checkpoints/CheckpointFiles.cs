using Pv3d.Torch;

namespace Pv3d.Checkpoints;

/// <summary>
/// What the generator and discriminator loaders share about checkpoint files: recognising the format from the
/// first bytes, finding the model state dict of an official checkpoint, and taking one network's entries.
/// </summary>
internal static class CheckpointFiles
{
    /// <summary>Throws <see cref="Pv3dException"/> naming <paramref name="path"/> when it does not exist.</summary>
    public static void CheckExists(string path)
    {
        if (!File.Exists(path)) throw new Pv3dException($"{path}: checkpoint file not found");
    }

    /// <summary>Whether the file is a zip archive (torch.save's format) rather than safetensors.</summary>
    public static bool IsZip(string path)
    {
        Span<byte> magic = stackalloc byte[4];
        using var file = File.OpenRead(path);
        return file.Read(magic) == 4 && magic[0] == (byte)'P' && magic[1] == (byte)'K' && magic[2] == 3 && magic[3] == 4;
    }

    /// <summary>
    /// The tensors of a loaded torch checkpoint's model state: <c>root["model"]</c> of an official checkpoint, else the
    /// root dict itself (a bare state dict), with DataParallel's <c>module.</c> prefix removed. Empty when there are none.
    /// </summary>
    public static Dictionary<string, Tensor> ModelEntries(object? root)
    {
        var result = new Dictionary<string, Tensor>();
        if (root is not Dictionary<object, object?> dict) return result;
        var source = dict.TryGetValue("model", out var model) && model is Dictionary<object, object?> m ? m : dict;
        foreach (var (k, v) in source)
            if (k is string name && v is Tensor t)
                result[name.StartsWith("module.", StringComparison.Ordinal) ? name["module.".Length..] : name] = t;
        return result;
    }

    /// <summary>The entries under <c>network.</c>, with that prefix removed (the tensors are shared, not copied).</summary>
    public static Dictionary<string, Tensor> Network(Dictionary<string, Tensor> all, string network)
    {
        var prefix = network + ".";
        return all.Where(kv => kv.Key.StartsWith(prefix, StringComparison.Ordinal)).ToDictionary(kv => kv.Key[prefix.Length..], kv => kv.Value);
    }
}
