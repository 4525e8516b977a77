using Pv3d.Config;
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
    /// Rendering 16², 12 + 12 depth samples, a narrow backbone, Hybrid2X super-resolution to 128², batch 2,
    /// narrow discriminators, and no blur fade (its 30-tap kernel would dwarf 16² raw frames).
    /// </summary>
    public static TrainingSetup Tiny()
    {
        var generator = new GeneratorConfig
        {
            ChannelBase = 1024,
            ChannelMax = 16,
            ImgResolution = 128,
            RenderingKwargs = new RenderingKwargs
            {
                SuperresolutionModule = "lib.models.videg3d.networks.superresolution.SuperresolutionHybrid2X",
                DepthResolution = 12,
                DepthResolutionImportance = 12,
            },
        };
        var discriminator = new DiscriminatorOptions { ImgResolution = 128, ChannelBase = 256, ChannelMax = 16 };
        var schedule = new TrainingSchedule
        {
            BatchSize = 2,
            BlurInitSigma = 0,
            NeuralRenderingResolutionInitial = 16,
        };
        return new TrainingSetup
        {
            Model = new ModelConfig { Generator = generator, RenderingResolution = 16 },
            Discriminators = new DiscriminatorConfig { Image = discriminator, Video = discriminator },
            Training = new TrainingConfig { Schedule = schedule, Loss = new LossWeights { DensityReg = 1, R1Gamma = 1 } },
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

    /// <summary>Replaces each part with the one an official-layout config file defines.</summary>
    public static TrainingSetup FromConfigFile(string path)
    {
        var tree = path.EndsWith(".json", StringComparison.OrdinalIgnoreCase)
            ? new ConfigTree(ConfigJson.Read(File.ReadAllText(path), path), path)
            : YamlConfigReader.ReadFile(path);
        return new TrainingSetup
        {
            Model = ModelConfig.FromTree(tree),
            Discriminators = DiscriminatorConfig.FromTree(tree),
            Training = TrainingConfig.FromTree(tree),
        };
    }
}
