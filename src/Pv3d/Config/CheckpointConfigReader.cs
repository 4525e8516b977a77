using System.Globalization;
using System.Numerics;
using Pv3d.Torch;
using Pv3d.Torch.IO.Pickle;

namespace Pv3d.Config;

/// <summary>
/// Turns the <c>config</c> entry of an official checkpoint (as the safe unpickler returns it) into a
/// config tree. The official writer stores plain nested dicts and lists (<c>OmegaConf.to_container</c>),
/// but a pickled OmegaConf <c>DictConfig</c>/<c>ListConfig</c> (placeholders whose state holds
/// <c>_content</c>, leaf nodes holding <c>_val</c>) is unwrapped too.
/// </summary>
public static class CheckpointConfigReader
{
    public static Dictionary<string, object?> ToTree(object? stored, string source)
    {
        var tree = Convert(stored, 0) switch
        {
            Dictionary<string, object?> d => d,
            null => throw new Pv3dException($"{source}: the checkpoint's 'config' entry is empty"),
            var other => throw new Pv3dException($"{source}: the checkpoint's 'config' entry is not a mapping (it is {Describe(other)})"),
        };
        ConfigInterpolation.ResolveInPlace(tree);
        return tree;
    }

    private const int MaxDepth = 64;

    private static object? Convert(object? value, int depth)
    {
        if (depth > MaxDepth) return null;
        switch (value)
        {
            case null: return null;
            case string or bool or double: return value;
            case long l: return l;
            case int i: return (long)i;
            case BigInteger b: return (double)b;
            case Dictionary<object, object?> d:
                var map = new Dictionary<string, object?>();
                foreach (var (k, v) in d) map[KeyText(k)] = Convert(v, depth + 1);
                return map;
            case List<object?> list: return list.Select(v => Convert(v, depth + 1)).ToList();
            case object?[] tuple: return tuple.Select(v => Convert(v, depth + 1)).ToList();
            case Tensor t when t.NumEl == 1: return t.DType is DType.Float32 or DType.Float64 or DType.Float16 ? t.Item() : (object)(long)t.Item();
            case PickleObject p: return Unwrap(p, depth);
            default: return $"<{value.GetType().Name}>";
        }
    }

    private static object? Unwrap(PickleObject p, int depth)
    {
        if (p.Attributes is { } attrs)
        {
            if (attrs.TryGetValue("_content", out var content)) return Convert(content, depth + 1);
            if (attrs.TryGetValue("_val", out var val)) return Convert(val, depth + 1);
        }
        if (p.DictItems.Count > 0) return Convert(p.DictItems, depth + 1);
        if (p.ListItems.Count > 0) return Convert(p.ListItems, depth + 1);
        return p.ToString();
    }

    private static string KeyText(object key) => key switch
    {
        string s => s,
        PyNoneKey => "None",
        _ => System.Convert.ToString(key, CultureInfo.InvariantCulture) ?? key.ToString() ?? "",
    };

    private static string Describe(object value) => value switch
    {
        List<object?> => "a list",
        string s => $"the string \"{s}\"",
        _ => value.GetType().Name,
    };
}
