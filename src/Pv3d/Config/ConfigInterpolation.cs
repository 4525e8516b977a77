using System.Globalization;
using System.Text.RegularExpressions;

namespace Pv3d.Config;

/// <summary>
/// Resolves OmegaConf-style references (<c>${training.rendering_resolution}</c>) against the root of
/// a tree: a string that is exactly one reference takes the referenced value (number, mapping...),
/// references inside longer strings are substituted as text. Unresolvable references stay as they
/// are, so a key that is actually read reports them.
/// </summary>
internal static partial class ConfigInterpolation
{
    private const int MaxDepth = 16;

    [GeneratedRegex(@"\$\{([A-Za-z0-9_.]+)\}")]
    private static partial Regex Reference();

    public static void ResolveInPlace(Dictionary<string, object?> root)
    {
        Resolve(root, root, 0);
    }

    private static object? Resolve(object? node, Dictionary<string, object?> root, int depth)
    {
        switch (node)
        {
            case Dictionary<string, object?> d:
                foreach (var key in d.Keys.ToList()) d[key] = Resolve(d[key], root, depth);
                return d;
            case List<object?> l:
                for (var i = 0; i < l.Count; i++) l[i] = Resolve(l[i], root, depth);
                return l;
            case string s when depth < MaxDepth && s.Contains("${"):
                var whole = Reference().Match(s);
                if (whole.Success && whole.Length == s.Length)
                {
                    var target = ConfigTree.Find(root, whole.Groups[1].Value);
                    return target is null ? s : Resolve(target, root, depth + 1);
                }
                return Reference().Replace(s, m =>
                {
                    var target = Resolve(ConfigTree.Find(root, m.Groups[1].Value), root, depth + 1);
                    return target is string or long or double or bool ? Convert.ToString(target, CultureInfo.InvariantCulture)! : m.Value;
                });
            default:
                return node;
        }
    }
}
