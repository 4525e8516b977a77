using Pv3d.Config;
using Pv3d.Networks;
using Pv3d.Networks.Discriminators;

namespace Pv3d.Training.Loop;

/// <summary>
/// Named starting points for <c>pv3d train</c>: <c>tiny</c> (a few seconds per update on a laptop CPU, for
/// tests and smoke runs), <c>small</c> (official networks at batch 8) and <c>paper</c> (the official
/// configuration: 512² frames, Hybrid8XDC, batch 32, rendering 64 → 128).
/// </summary>
public static class TrainingPresets
{
    public static IReadOnlyList<string> Names { get; } = new[] { "tiny", "small", "paper" };

    public static TrainingSetup Get(string name) => name switch
    {
        "tiny" => Tiny(),
        "small" => Paper() with { Training = Paper().Training with { Schedule = Paper().Training.Schedule with { BatchSize = 8 } } },
        "paper" => Paper(),
        _ => throw new Pv3dException($"unknown training preset '{name}'; known presets: {string.Join(", ", Names)}"),
    };

    /// <summary>
    /// Sized to learn the synthetic heads on a 2-core CPU within an hour: 64² tri-planes (our
    /// <c>plane_resolution</c> key), a 16-channel backbone, rendering 32² with 12 + 12 depth samples, our
    /// compact 2X super-resolution to 64² (16 channels), batch 8, narrow 64² discriminators (the video one 16 channels
    /// wide throughout), our still-video term, and no blur fade (its 30-tap kernel would dwarf 32² raw frames).
    /// </summary>
    public static TrainingSetup Tiny()
    {
        var generator = new GeneratorConfig
        {
            ChannelBase = 1024,
            ChannelMax = 16,
            ImgResolution = 64,
            PlaneResolution = 64,
            RenderingKwargs = new RenderingKwargs
            {
                SuperresolutionModule = $"{SuperresolutionFactory.OwnModulePath}.{nameof(SuperresolutionCompact2X)}",
                DepthResolution = 12,
                DepthResolutionImportance = 12,
            },
            SrKwargs = new SuperresolutionKwargs { ChannelMax = 16 },
        };
        var discriminator = new DiscriminatorOptions { ImgResolution = 64, ChannelBase = 256, ChannelMax = 16 };
        // 16 channels from the first block on (4 at 64² otherwise): a video discriminator that narrow takes several
        // times longer to tell moving pairs from still ones (docs/notes/training.md §6).
        var videoDiscriminator = discriminator with { ChannelBase = 1024 };
        var schedule = new TrainingSchedule
        {
            BatchSize = 8,
            BlurInitSigma = 0,
            NeuralRenderingResolutionInitial = 32,
            NeuralRenderingResolutionFinal = 32,
        };
        return new TrainingSetup
        {
            Model = new ModelConfig { Generator = generator, RenderingResolution = 32 },
            Discriminators = new DiscriminatorConfig { Image = discriminator, Video = videoDiscriminator },
            Training = new TrainingConfig { Schedule = schedule, Loss = new LossWeights { DensityReg = 1, R1Gamma = 1, VidStill = 1 } },
            DensityRegPoints = 64,
        };
    }

    /// <summary>The official configuration (release defaults of the networks; yaml loss weights).</summary>
    public static TrainingSetup Paper() => new()
    {
        Model = new ModelConfig(),
        Discriminators = new DiscriminatorConfig(),
        Training = new TrainingConfig
        {
            Schedule = new TrainingSchedule { BatchSize = 32, NeuralRenderingResolutionFinal = 128 },
            Loss = new LossWeights { DensityReg = 1, R1Gamma = 1 },
        },
    };

    /// <summary>
    /// <paramref name="preset"/> overridden by an official-layout config file (YAML, or JSON by extension): the
    /// generator keys it gives replace the preset's one by one (the rest of the preset's generator stays); the
    /// discriminators and the training settings (<c>training</c>, <c>optimizer</c>) are taken whole from the file
    /// when it has them (official fallbacks for their absent keys), else kept from the preset.
    /// </summary>
    public static TrainingSetup Override(TrainingSetup preset, string path)
    {
        var file = ConfigTree.FromFile(path);
        var modelName = file.Find("model") as string ?? "pv3d";
        if (modelName != "pv3d") throw new Pv3dException($"{path}: model '{modelName}' is not supported (expected pv3d)");

        var merged = preset.Model.ToOfficialTree();
        ConfigTree.MergeInto(merged, file.Root);
        var model = ModelConfig.FromTree(new ConfigTree(merged, path));
        var discriminators = file.Find("model_config.pv3d.img_discriminator") is not null || file.Find("model_config.pv3d.vid_discriminator") is not null
            ? DiscriminatorConfig.FromTree(file)
            : preset.Discriminators;
        var training = file.Find("training") is not null || file.Find("optimizer") is not null
            ? TrainingConfig.FromTree(file)
            : preset.Training;
        return preset with { Model = model, Discriminators = discriminators, Training = training };
    }
}
