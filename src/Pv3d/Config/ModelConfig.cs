using Pv3d.Networks;

namespace Pv3d.Config;

/// <summary>
/// What it takes to rebuild and run a generator: <c>model_config.pv3d.generator</c> plus the neural
/// rendering resolution it was trained at (<c>training.rendering_resolution</c>, 64 or 128 for the
/// released checkpoints). Read from an official YAML file, from the config dict stored in an official
/// checkpoint, or from our JSON (the same nesting as the official config); absent keys take the
/// official <c>configs/models/pv3d.yaml</c> defaults.
/// </summary>
public sealed record ModelConfig
{
    public const long DefaultRenderingResolution = TriPlaneGenerator.DefaultNeuralRenderingResolution;

    public GeneratorConfig Generator { get; init; } = new();

    /// <summary>Neural rendering resolution (the side of <c>image_raw</c>) used when a caller gives none.</summary>
    public long RenderingResolution { get; init; } = DefaultRenderingResolution;

    /// <summary>
    /// Reads the generator section from a config tree. Accepted layouts: the official global config
    /// (<c>model_config.&lt;model&gt;.generator</c>, with <c>model</c> naming the entry, <c>pv3d</c> by default),
    /// a model section (<c>generator</c> at the top), or a bare generator section.
    /// </summary>
    public static ModelConfig FromTree(ConfigTree tree)
    {
        var modelName = tree.Find("model") as string ?? "pv3d";
        var (generatorNode, path) = LocateGenerator(tree, modelName);
        var generator = GeneratorConfig.Read(tree.SectionAt(generatorNode, path));
        var resolution = ReadResolution(tree, modelName);
        if (resolution < 1)
            throw new Pv3dException($"{tree.Source}: the rendering resolution ({resolution}) must be positive");
        return new ModelConfig { Generator = generator, RenderingResolution = resolution };
    }

    private static (Dictionary<string, object?>? Node, string Path) LocateGenerator(ConfigTree tree, string modelName)
    {
        foreach (var path in new[] { $"model_config.{modelName}.generator", "model_config.pv3d.generator", "generator" })
        {
            switch (tree.Find(path))
            {
                case Dictionary<string, object?> d: return (d, path);
                case null: continue;
                default: throw new Pv3dException($"{tree.Source}: config key '{path}' should be a mapping");
            }
        }
        if (tree.Root.ContainsKey("model_config"))
            return (null, $"model_config.{modelName}.generator"); // a global config without a generator section: all defaults
        // A bare generator section must look like one; otherwise a wrong file would silently mean "all defaults".
        string[] generatorKeys = { "z_dim", "w_dim", "img_resolution", "channel_base", "channel_max", "mapping_kwargs", "rendering_kwargs", "sr_kwargs" };
        if (!generatorKeys.Any(tree.Root.ContainsKey))
            throw new Pv3dException(
                $"{tree.Source}: no generator configuration found (expected model_config.{modelName}.generator, a 'generator' section, " +
                $"or generator keys such as {string.Join(", ", generatorKeys.Take(4))} at the top)");
        return (tree.Root, "");
    }

    private static long ReadResolution(ConfigTree tree, string modelName)
    {
        foreach (var path in new[] { "training.rendering_resolution", $"model_config.{modelName}.neural_rendering_resolution_final", "rendering_resolution" })
        {
            var value = tree.Find(path);
            if (value is null) continue;
            var parent = path.Contains('.') ? path[..path.LastIndexOf('.')] : "";
            var key = path[(path.LastIndexOf('.') + 1)..];
            var node = parent.Length == 0 ? tree.Root : tree.Find(parent) as Dictionary<string, object?>;
            return tree.SectionAt(node, parent).Int(key, DefaultRenderingResolution);
        }
        return DefaultRenderingResolution;
    }

    /// <summary>
    /// The config in the official nesting (as <c>OmegaConf.to_container</c> stores it in a checkpoint):
    /// <c>model</c>, <c>model_config.pv3d.generator</c>, <c>neural_rendering_resolution_final</c> and
    /// <c>training.rendering_resolution</c>. Our JSON config is this tree.
    /// </summary>
    public Dictionary<string, object?> ToOfficialTree() => new()
    {
        ["model"] = "pv3d",
        ["model_config"] = new Dictionary<string, object?>
        {
            ["pv3d"] = new Dictionary<string, object?>
            {
                ["generator"] = Generator.ToTree(),
                ["neural_rendering_resolution_final"] = RenderingResolution,
            },
        },
        ["training"] = new Dictionary<string, object?> { ["rendering_resolution"] = RenderingResolution },
    };

    public string ToJson() => ConfigJson.Write(ToOfficialTree(), indented: true);

    public static ModelConfig FromJson(string json, string source) => FromTree(new ConfigTree(ConfigJson.Read(json, source), source));

    /// <summary>A config file (see <see cref="ConfigTree.FromFile"/>).</summary>
    public static ModelConfig FromFile(string path) => FromTree(ConfigTree.FromFile(path));

    /// <summary>The <c>config</c> entry of an official checkpoint, as the safe unpickler returned it.</summary>
    public static ModelConfig FromCheckpointConfig(object? stored, string source) =>
        FromTree(new ConfigTree(CheckpointConfigReader.ToTree(stored, source), source));
}
