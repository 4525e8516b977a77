using Pv3d.Networks.Discriminators;

namespace Pv3d.Config;

/// <summary>
/// The two discriminators' constructor options, read from <c>model_config.&lt;model&gt;.img_discriminator</c>
/// and <c>vid_discriminator</c> of an official config tree (absent keys take the official
/// <c>configs/models/pv3d.yaml</c> values). Options this implementation does not have (another
/// architecture, frozen layers, mapping kwargs) are errors rather than silently ignored.
/// </summary>
public sealed record DiscriminatorConfig
{
    public DiscriminatorOptions Image { get; init; } = new();
    public DiscriminatorOptions Video { get; init; } = new();

    public static DiscriminatorConfig FromTree(ConfigTree tree)
    {
        var model = tree.Find("model") as string ?? "pv3d";
        return new DiscriminatorConfig
        {
            Image = ReadOptions(tree, $"model_config.{model}.img_discriminator"),
            Video = ReadOptions(tree, $"model_config.{model}.vid_discriminator"),
        };
    }

    /// <summary>A config file (see <see cref="ConfigTree.FromFile"/>).</summary>
    public static DiscriminatorConfig FromFile(string path) => FromTree(ConfigTree.FromFile(path));

    /// <summary>The <c>config</c> entry of an official checkpoint, as the safe unpickler returned it.</summary>
    public static DiscriminatorConfig FromCheckpointConfig(object? stored, string source) =>
        FromTree(new ConfigTree(CheckpointConfigReader.ToTree(stored, source), source));

    /// <summary>Both sections in the official nesting (<c>model_config.pv3d.img_discriminator</c>, <c>vid_discriminator</c>).</summary>
    public Dictionary<string, object?> ToOfficialTree() => new()
    {
        ["model"] = "pv3d",
        ["model_config"] = new Dictionary<string, object?>
        {
            ["pv3d"] = new Dictionary<string, object?>
            {
                ["img_discriminator"] = ToTree(Image),
                ["vid_discriminator"] = ToTree(Video),
            },
        },
    };

    private static Dictionary<string, object?> ToTree(DiscriminatorOptions o)
    {
        var tree = new Dictionary<string, object?>
        {
            ["c_dim"] = o.CDim,
            ["img_resolution"] = o.ImgResolution,
            ["img_channels"] = o.ImgChannels,
            ["channel_base"] = o.ChannelBase,
            ["channel_max"] = o.ChannelMax,
            ["num_fp16_res"] = (long)o.NumFp16Res,
            ["conv_clamp"] = o.ConvClamp,
            ["disc_c_noise"] = o.DiscCNoise,
            ["epilogue_kwargs"] = new Dictionary<string, object?>
            {
                ["mbstd_group_size"] = o.MbstdGroupSize is { } g ? (long)g : null,
                ["mbstd_num_channels"] = (long)o.MbstdNumChannels,
            },
        };
        if (o.CmapDim is { } cmap) tree["cmap_dim"] = cmap;
        return tree;
    }

    private static DiscriminatorOptions ReadOptions(ConfigTree tree, string path)
    {
        var node = tree.Find(path);
        if (node is not null and not Dictionary<string, object?>)
            throw new Pv3dException($"{tree.Source}: config key '{path}' should be a mapping");
        var s = tree.SectionAt(node as Dictionary<string, object?>, path);
        var d = new DiscriminatorOptions();

        var architecture = s.String("architecture", "resnet");
        if (architecture != "resnet")
            throw new Pv3dException($"{tree.Source}: {path}.architecture '{architecture}' is not supported (only 'resnet', the official choice)");
        if (s.Child("block_kwargs").Int("freeze_layers", 0) != 0)
            throw new Pv3dException($"{tree.Source}: {path}.block_kwargs.freeze_layers must be 0 (frozen discriminator layers are not supported)");
        var mapping = s.Child("mapping_kwargs");
        if (mapping.Keys.Count > 0)
            throw new Pv3dException($"{tree.Source}: {path}.mapping_kwargs ({string.Join(", ", mapping.Keys)}) is not supported; the official configs leave it empty");
        var epilogue = s.Child("epilogue_kwargs");
        var groupSize = epilogue.Contains("mbstd_group_size") ? epilogue.NullableDouble("mbstd_group_size") : d.MbstdGroupSize;

        var options = new DiscriminatorOptions
        {
            CDim = s.Int("c_dim", d.CDim),
            ImgResolution = s.Int("img_resolution", d.ImgResolution),
            ImgChannels = s.Int("img_channels", d.ImgChannels),
            ChannelBase = s.Int("channel_base", d.ChannelBase),
            ChannelMax = s.Int("channel_max", d.ChannelMax),
            NumFp16Res = (int)s.Int("num_fp16_res", d.NumFp16Res),
            ConvClamp = s.Contains("conv_clamp") ? s.NullableDouble("conv_clamp") : d.ConvClamp,
            CmapDim = s.Has("cmap_dim") ? s.Int("cmap_dim", 0) : null,
            DiscCNoise = s.Double("disc_c_noise", d.DiscCNoise),
            MbstdGroupSize = groupSize is double g ? (int)g : null,
            MbstdNumChannels = (int)epilogue.Int("mbstd_num_channels", d.MbstdNumChannels),
        };
        var res = options.ImgResolution;
        if (res < 8 || (res & (res - 1)) != 0)
            throw new Pv3dException($"{tree.Source}: {path}.img_resolution must be a power of two ≥ 8, got {res}");
        if (options.CDim < 0 || options.ImgChannels < 1 || options.ChannelBase < 1 || options.ChannelMax < 1)
            throw new Pv3dException($"{tree.Source}: {path} has a non-positive size (c_dim {options.CDim}, img_channels {options.ImgChannels}, channel_base {options.ChannelBase}, channel_max {options.ChannelMax})");
        return options;
    }
}
