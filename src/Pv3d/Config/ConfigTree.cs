using System.Globalization;

namespace Pv3d.Config;

/// <summary>
/// A configuration as a plain tree: <c>Dictionary&lt;string, object?&gt;</c> for mappings,
/// <c>List&lt;object?&gt;</c> for sequences, and <c>string</c>, <c>long</c>, <c>double</c>, <c>bool</c>
/// or null for leaves. YAML files, JSON files and the config dict stored in official checkpoints all
/// become this tree first; typed records are read from it with the getters here, which name the
/// dotted key and the source in their errors.
/// </summary>
public sealed class ConfigTree
{
    public ConfigTree(Dictionary<string, object?> root, string source)
    {
        Root = root;
        Source = source;
    }

    /// <summary>
    /// The tree of a config file, by its extension: <c>.json</c> is our JSON, anything else official YAML (with its
    /// includes and interpolations). A missing file raises <see cref="Pv3dException"/>.
    /// </summary>
    public static ConfigTree FromFile(string path)
    {
        if (!File.Exists(path)) throw new Pv3dException($"{path}: config file not found");
        return Path.GetExtension(path).Equals(".json", StringComparison.OrdinalIgnoreCase)
            ? new ConfigTree(ConfigJson.Read(File.ReadAllText(path), path), path)
            : YamlConfigReader.ReadFile(path);
    }

    public Dictionary<string, object?> Root { get; }

    /// <summary>Where the tree came from (a file name), for error messages.</summary>
    public string Source { get; }

    /// <summary>The value at a dotted path (<c>model_config.pv3d.generator</c>), or null if any part is absent.</summary>
    public object? Find(string path) => Find(Root, path);

    public static object? Find(Dictionary<string, object?> node, string path)
    {
        object? current = node;
        foreach (var part in path.Split('.'))
        {
            if (current is not Dictionary<string, object?> d || !d.TryGetValue(part, out current)) return null;
        }
        return current;
    }

    /// <summary>
    /// OmegaConf-style deep merge: mappings merge key by key; anything else from <paramref name="source"/> replaces.
    /// </summary>
    public static void MergeInto(Dictionary<string, object?> target, Dictionary<string, object?> source)
    {
        foreach (var (key, value) in source)
        {
            if (value is Dictionary<string, object?> s && target.TryGetValue(key, out var t) && t is Dictionary<string, object?> d)
                MergeInto(d, s);
            else
                target[key] = value;
        }
    }

    /// <summary>A mapping read with defaults: <see cref="Section"/> wraps one level of the tree.</summary>
    public Section SectionAt(Dictionary<string, object?>? node, string path) => new(node ?? new(), path, Source);

    /// <summary>One mapping of the tree with typed getters; absent or null keys give the default.</summary>
    public sealed class Section
    {
        private readonly Dictionary<string, object?> _node;

        public Section(Dictionary<string, object?> node, string path, string source)
        {
            _node = node;
            Path = path;
            Source = source;
        }

        public string Path { get; }
        public string Source { get; }
        public bool Has(string key) => _node.TryGetValue(key, out var v) && v is not null;

        /// <summary>Whether the key is written at all, even as null (to tell an explicit null from a default).</summary>
        public bool Contains(string key) => _node.ContainsKey(key);

        /// <summary>The keys written in this mapping.</summary>
        public IReadOnlyCollection<string> Keys => _node.Keys;

        public Section Child(string key) =>
            new(Get(key) switch
            {
                null => new Dictionary<string, object?>(),
                Dictionary<string, object?> d => d,
                var other => throw Wrong(key, "a mapping", other),
            }, Join(key), Source);

        public long Int(string key, long fallback) =>
            Get(key) switch
            {
                null => fallback,
                long l => l,
                double d when d == Math.Floor(d) && Math.Abs(d) < 1e15 => (long)d,
                string s when long.TryParse(s, NumberStyles.Integer, CultureInfo.InvariantCulture, out var l) => l,
                var other => throw Wrong(key, "an integer", other),
            };

        public double Double(string key, double fallback) => NullableDouble(key) ?? fallback;

        /// <summary>A number that may be null (YAML <c>null</c>), for keys such as <c>conv_clamp</c>.</summary>
        public double? NullableDouble(string key) =>
            Get(key) switch
            {
                null => null,
                long l => l,
                double d => d,
                string s when double.TryParse(s, NumberStyles.Float, CultureInfo.InvariantCulture, out var d) => d,
                var other => throw Wrong(key, "a number", other),
            };

        public bool Bool(string key, bool fallback) =>
            Get(key) switch
            {
                null => fallback,
                bool b => b,
                long l and (0 or 1) => l == 1,
                string s when bool.TryParse(s, out var b) => b,
                var other => throw Wrong(key, "true or false", other),
            };

        public string String(string key, string fallback) =>
            Get(key) switch
            {
                null => fallback,
                string s => s,
                long or double or bool => Convert.ToString(Get(key), CultureInfo.InvariantCulture)!,
                var other => throw Wrong(key, "a string", other),
            };

        public double[] Doubles(string key, double[] fallback)
        {
            var value = Get(key);
            if (value is null) return fallback;
            if (value is not List<object?> items) throw Wrong(key, "a list of numbers", value);
            return items.Select((item, i) => item switch
            {
                long l => (double)l,
                double d => d,
                string s when double.TryParse(s, NumberStyles.Float, CultureInfo.InvariantCulture, out var d) => d,
                _ => throw Wrong($"{key}[{i}]", "a number", item),
            }).ToArray();
        }

        private object? Get(string key) => _node.TryGetValue(key, out var v) ? v : null;

        private string Join(string key) => Path.Length == 0 ? key : $"{Path}.{key}";

        private Pv3dException Wrong(string key, string expected, object? got) =>
            new($"{Source}: config key '{Join(key)}' should be {expected}, but it is {Describe(got)}");

        private static string Describe(object? value) => value switch
        {
            null => "null",
            string s => $"the string \"{s}\"",
            Dictionary<string, object?> => "a mapping",
            List<object?> => "a list",
            _ => Convert.ToString(value, CultureInfo.InvariantCulture) ?? value.GetType().Name,
        };
    }
}
