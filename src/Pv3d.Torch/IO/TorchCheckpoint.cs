using System.IO.Compression;
using Pv3d.Torch.IO.Pickle;

namespace Pv3d.Torch.IO;

/// <summary>
/// PyTorch checkpoints in the zip format of <c>torch.save</c> (PyTorch 1.6 and later): a folder with
/// <c>data.pkl</c> (the pickled object tree), <c>data/&lt;key&gt;</c> (raw little-endian storages) and
/// <c>version</c>. Loading is safe: see <see cref="Unpickler"/>. Tensors that shared a storage when
/// saved share one storage after loading too.
/// </summary>
public static partial class TorchCheckpoint
{
    /// <summary>
    /// Loads the object saved with <c>torch.save</c>: dicts, lists, tuples (object[]), primitives,
    /// tensors, and inert <see cref="PickleObject"/> placeholders for anything else. Tensors register
    /// with the current <see cref="TensorScope"/>.
    /// </summary>
    public static object? Load(string path, Device? device = null)
    {
        using var archive = CheckpointArchive.Open(path);
        return archive.Load(device);
    }

    /// <summary>
    /// Loads the tensors of a state dict: the root itself when it maps names to tensors, else the
    /// first of <paramref name="entries"/> (by default state_dict, model, model_state_dict, net,
    /// params, ema) that does. Other values are dropped (and their tensors disposed).
    /// </summary>
    public static Dictionary<string, Tensor> LoadStateDict(string path, Device? device = null, params string[] entries)
    {
        var root = Load(path, device);
        var names = entries.Length > 0 ? entries : DefaultStateDictEntries;
        var found = FindStateDict(root, names);
        if (found is null)
        {
            DisposeTensors(root);
            throw new Pv3dException(
                $"{path}: no state dict found: the file holds neither a name-to-tensor dict nor one of the entries {string.Join(", ", names)}");
        }
        var result = new Dictionary<string, Tensor>();
        foreach (var (k, v) in found)
            if (k is string name && v is Tensor t) result[name] = t;
        DisposeTensors(root, keep: result.Values.ToHashSet());
        return result;
    }

    private static readonly string[] DefaultStateDictEntries = { "state_dict", "model", "model_state_dict", "net", "params", "ema" };

    private static Dictionary<object, object?>? FindStateDict(object? root, string[] entries)
    {
        if (root is not Dictionary<object, object?> dict) return null;
        if (dict.Count > 0 && dict.All(kv => kv.Key is string && kv.Value is Tensor)) return dict;
        foreach (var name in entries)
            if (dict.TryGetValue(name, out var inner) && FindStateDict(inner, Array.Empty<string>()) is { } sd) return sd;
        return null;
    }

    /// <summary>Disposes every tensor reachable from a loaded object tree, except those kept.</summary>
    public static void DisposeTensors(object? root, ISet<Tensor>? keep = null)
    {
        foreach (var t in EnumerateTensors(root))
            if (keep is null || !keep.Contains(t)) t.Dispose();
    }

    /// <summary>Every tensor reachable from a loaded object tree (each once).</summary>
    public static IEnumerable<Tensor> EnumerateTensors(object? root)
    {
        var seen = new HashSet<object>(ReferenceEqualityComparer.Instance);
        var pending = new Stack<object?>();
        pending.Push(root);
        while (pending.Count > 0)
        {
            var node = pending.Pop();
            if (node is null || node is string || !seen.Add(node)) continue;
            switch (node)
            {
                case Tensor t: yield return t; break;
                case System.Collections.IDictionary d:
                    foreach (System.Collections.DictionaryEntry e in d) { pending.Push(e.Key); pending.Push(e.Value); }
                    break;
                case PickleObject p:
                    pending.Push(p.Args); pending.Push(p.State); pending.Push(p.ListItems); pending.Push(p.DictItems); pending.Push(p.Kwargs);
                    break;
                case System.Collections.IEnumerable items and not byte[]:
                    foreach (var item in items) pending.Push(item);
                    break;
            }
        }
    }
}
