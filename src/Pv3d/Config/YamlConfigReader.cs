using System.Globalization;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace Pv3d.Config;

/// <summary>
/// Reads an official PV3D YAML config into a <see cref="ConfigTree"/>: the files listed under
/// <c>includes:</c> are read first (paths relative to the file's folder or any folder above it,
/// as the official configs name them from the repository root) and the file's own keys override
/// them; then <c>${...}</c> references are resolved.
/// </summary>
public static class YamlConfigReader
{
    public static ConfigTree ReadFile(string path)
    {
        var root = ReadWithIncludes(Path.GetFullPath(path), new HashSet<string>());
        ConfigInterpolation.ResolveInPlace(root);
        return new ConfigTree(root, path);
    }

    public static ConfigTree ReadText(string yaml, string source)
    {
        var root = Parse(yaml, source);
        ConfigInterpolation.ResolveInPlace(root);
        return new ConfigTree(root, source);
    }

    private static Dictionary<string, object?> ReadWithIncludes(string path, HashSet<string> visiting)
    {
        if (!File.Exists(path)) throw new Pv3dException($"{path}: config file not found");
        if (!visiting.Add(path)) throw new Pv3dException($"{path}: config includes itself (through 'includes:')");
        var own = Parse(File.ReadAllText(path), path);
        var merged = new Dictionary<string, object?>();
        if (own.Remove("includes", out var includes) && includes is List<object?> list)
        {
            foreach (var item in list)
            {
                if (item is not string include) throw new Pv3dException($"{path}: 'includes' must list file names");
                ConfigTree.MergeInto(merged, ReadWithIncludes(FindInclude(path, include), visiting));
            }
        }
        visiting.Remove(path);
        ConfigTree.MergeInto(merged, own);
        return merged;
    }

    private static string FindInclude(string from, string include)
    {
        if (Path.IsPathRooted(include)) return include;
        for (var dir = Path.GetDirectoryName(from); dir != null; dir = Path.GetDirectoryName(dir))
        {
            var candidate = Path.Combine(dir, include);
            if (File.Exists(candidate)) return candidate;
        }
        throw new Pv3dException($"{from}: included config '{include}' not found next to the file or in any folder above it");
    }

    private static Dictionary<string, object?> Parse(string yaml, string source)
    {
        var stream = new YamlStream();
        try
        {
            stream.Load(new StringReader(yaml));
        }
        catch (YamlException e)
        {
            throw new Pv3dException($"{source}: not valid YAML ({e.Message})");
        }
        if (stream.Documents.Count == 0) return new();
        return Convert(stream.Documents[0].RootNode) switch
        {
            Dictionary<string, object?> d => d,
            null => new(),
            _ => throw new Pv3dException($"{source}: a config must be a YAML mapping at the top"),
        };
    }

    private static object? Convert(YamlNode node) => node switch
    {
        YamlMappingNode m => m.Children.ToDictionary(kv => ((YamlScalarNode)kv.Key).Value ?? "null", kv => Convert(kv.Value)),
        YamlSequenceNode s => s.Children.Select(Convert).ToList(),
        YamlScalarNode scalar => Scalar(scalar),
        _ => null,
    };

    private static object? Scalar(YamlScalarNode node)
    {
        var text = node.Value ?? "";
        if (node.Style is ScalarStyle.SingleQuoted or ScalarStyle.DoubleQuoted or ScalarStyle.Literal or ScalarStyle.Folded) return text;
        switch (text)
        {
            case "" or "~" or "null" or "Null" or "NULL": return null;
            case "true" or "True" or "TRUE": return true;
            case "false" or "False" or "FALSE": return false;
        }
        if (long.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var l)) return l;
        if (double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var d)) return d;
        return text.ToLowerInvariant() switch
        {
            ".inf" or "+.inf" => double.PositiveInfinity,
            "-.inf" => double.NegativeInfinity,
            ".nan" => double.NaN,
            _ => text,
        };
    }
}
