using Pv3d.Config;

namespace Pv3d.Training;

/// <summary>
/// The training settings of an official-layout config (<c>training.*</c>, <c>optimizer.params.*</c>,
/// <c>model_config.pv3d.*</c> and its <c>adv_video</c> loss params), with the official fallbacks for
/// absent keys (see docs/notes/training.md §2).
/// </summary>
public sealed record TrainingConfig
{
    public TrainingSchedule Schedule { get; init; } = new();
    public LossWeights Loss { get; init; } = new();
    public AdamSettings GeneratorOptimizer { get; init; } = AdamSettings.Generator;
    public AdamSettings ImgDiscriminatorOptimizer { get; init; } = AdamSettings.Discriminator;
    public AdamSettings VidDiscriminatorOptimizer { get; init; } = AdamSettings.Discriminator;
    public int GenRegInterval { get; init; } = LazyRegularization.GeneratorInterval;
    public int DiscRegInterval { get; init; } = LazyRegularization.DiscriminatorInterval;
    public double DensityRegPDist { get; init; } = 0.004;
    public bool NanToNum { get; init; } = true;
    public long MaxUpdates { get; init; } = 300_000;
    public long CheckpointInterval { get; init; } = 6000;

    public static TrainingConfig FromTree(ConfigTree tree)
    {
        var modelName = tree.Find("model") as string ?? "pv3d";
        var training = tree.SectionAt(tree.Find("training") as Dictionary<string, object?>, "training");
        var modelPath = $"model_config.{modelName}";
        var model = tree.SectionAt(tree.Find(modelPath) as Dictionary<string, object?>, modelPath);
        var optimPath = "optimizer.params";
        var optim = tree.SectionAt(tree.Find(optimPath) as Dictionary<string, object?>, optimPath);

        var batch = (int)training.Int("batch_size", 32);
        if (batch < 1) throw new Pv3dException($"{tree.Source}: training.batch_size must be at least 1, got {batch}");
        var genInterval = (int)training.Int("gen_reg_interval", LazyRegularization.GeneratorInterval);
        var discInterval = (int)training.Int("disc_reg_interval", LazyRegularization.DiscriminatorInterval);
        if (genInterval < 1 || discInterval < 1)
            throw new Pv3dException($"{tree.Source}: training.gen_reg_interval and disc_reg_interval must be at least 1");

        var finalResolution = model.Has("neural_rendering_resolution_final")
            ? (int?)model.Int("neural_rendering_resolution_final", 64)
            : null;
        var schedule = new TrainingSchedule
        {
            BatchSize = batch,
            BlurInitSigma = model.Double("blur_init_sigma", 10),
            BlurFadeKimg = model.Double("blur_fade_kimg", 200),
            GpcRegProb = model.Double("gpc_reg_prob", 0.5),
            GpcRegFadeKimg = model.Double("gpc_reg_fade_kimg", 1000),
            NeuralRenderingResolutionInitial = (int)model.Int("neural_rendering_resolution_initial", 64),
            NeuralRenderingResolutionFinal = finalResolution,
            NeuralRenderingResolutionFadeKimg = model.Double("neural_rendering_resolution_fade_kimg", 1000),
            EmaRampup = training.Contains("ema_rampup") ? training.NullableDouble("ema_rampup") : 0.05,
        };

        var lossParams = tree.SectionAt(FindLossParams(tree, modelPath), $"{modelPath}.losses[adv_video].params");
        var fallbackDensity = model.Double("density_reg", 0.25);
        var loss = new LossWeights
        {
            Disc = lossParams.Double("loss_disc_weight", 1),
            Gen = lossParams.Double("loss_gen_weight", 1),
            DiscReg = lossParams.Double("loss_disc_reg_weight", discInterval),
            GenReg = lossParams.Double("loss_gen_reg_weight", genInterval),
            DensityReg = lossParams.Double("loss_density_reg_weight", fallbackDensity),
            Img = lossParams.Double("loss_img_weight", 1),
            Vid = lossParams.Double("loss_vid_weight", 1),
            R1Gamma = lossParams.Double("r1_gamma", 1),
            VidStill = lossParams.Double("loss_vid_still_weight", 0),
        };

        var renderingPath = $"{modelPath}.generator.rendering_kwargs";
        var rendering = tree.SectionAt(tree.Find(renderingPath) as Dictionary<string, object?>, renderingPath);
        return new TrainingConfig
        {
            Schedule = schedule,
            Loss = loss,
            GeneratorOptimizer = ReadAdam(optim.Child("generator"), AdamSettings.Generator, tree.Source),
            ImgDiscriminatorOptimizer = ReadAdam(optim.Child("img_discriminator"), AdamSettings.Discriminator, tree.Source),
            VidDiscriminatorOptimizer = ReadAdam(optim.Child("vid_discriminator"), AdamSettings.Discriminator, tree.Source),
            GenRegInterval = genInterval,
            DiscRegInterval = discInterval,
            DensityRegPDist = rendering.Double("density_reg_p_dist", 0.004),
            NanToNum = training.Bool("nan_to_num", true),
            MaxUpdates = training.Int("max_updates", 300_000),
            CheckpointInterval = training.Int("checkpoint_interval", 6000),
        };
    }

    /// <summary>
    /// These settings in the official nesting that <see cref="FromTree"/> reads (<c>training.*</c>, the schedule and
    /// loss keys under <c>model_config.pv3d</c>, <c>optimizer.params.*</c>): the base a config file's keys are laid
    /// over, key by key, so that a file setting one training key keeps every other setting of the preset.
    /// </summary>
    public Dictionary<string, object?> ToOfficialTree()
    {
        static Dictionary<string, object?> Adam(AdamSettings a) => new()
        {
            ["lr"] = a.Lr, ["betas"] = new List<object?> { a.Beta1, a.Beta2 }, ["eps"] = a.Eps, ["weight_decay"] = a.WeightDecay,
        };
        var s = Schedule;
        var pv3d = new Dictionary<string, object?>
        {
            ["blur_init_sigma"] = s.BlurInitSigma,
            ["blur_fade_kimg"] = s.BlurFadeKimg,
            ["gpc_reg_prob"] = s.GpcRegProb,
            ["gpc_reg_fade_kimg"] = s.GpcRegFadeKimg,
            ["neural_rendering_resolution_initial"] = (long)s.NeuralRenderingResolutionInitial,
            ["neural_rendering_resolution_fade_kimg"] = s.NeuralRenderingResolutionFadeKimg,
            ["losses"] = new List<object?>
            {
                new Dictionary<string, object?>
                {
                    ["type"] = "adv_video",
                    ["params"] = new Dictionary<string, object?>
                    {
                        ["loss_disc_weight"] = Loss.Disc, ["loss_gen_weight"] = Loss.Gen, ["loss_disc_reg_weight"] = Loss.DiscReg,
                        ["loss_gen_reg_weight"] = Loss.GenReg, ["loss_density_reg_weight"] = Loss.DensityReg, ["loss_img_weight"] = Loss.Img,
                        ["loss_vid_weight"] = Loss.Vid, ["r1_gamma"] = Loss.R1Gamma, ["loss_vid_still_weight"] = Loss.VidStill,
                    },
                },
            },
            ["generator"] = new Dictionary<string, object?>
            {
                ["rendering_kwargs"] = new Dictionary<string, object?> { ["density_reg_p_dist"] = DensityRegPDist },
            },
        };
        if (s.NeuralRenderingResolutionFinal is { } final) pv3d["neural_rendering_resolution_final"] = (long)final;
        return new Dictionary<string, object?>
        {
            ["model"] = "pv3d",
            ["model_config"] = new Dictionary<string, object?> { ["pv3d"] = pv3d },
            ["training"] = new Dictionary<string, object?>
            {
                ["batch_size"] = (long)s.BatchSize, ["gen_reg_interval"] = (long)GenRegInterval, ["disc_reg_interval"] = (long)DiscRegInterval,
                ["ema_rampup"] = s.EmaRampup, ["nan_to_num"] = NanToNum, ["max_updates"] = MaxUpdates, ["checkpoint_interval"] = CheckpointInterval,
            },
            ["optimizer"] = new Dictionary<string, object?>
            {
                ["params"] = new Dictionary<string, object?>
                {
                    ["generator"] = Adam(GeneratorOptimizer),
                    ["img_discriminator"] = Adam(ImgDiscriminatorOptimizer),
                    ["vid_discriminator"] = Adam(VidDiscriminatorOptimizer),
                },
            },
        };
    }

    private static Dictionary<string, object?>? FindLossParams(ConfigTree tree, string modelPath)
    {
        if (tree.Find($"{modelPath}.losses") is not List<object?> losses) return null;
        foreach (var entry in losses)
            if (entry is Dictionary<string, object?> d && d.TryGetValue("type", out var type) && type as string == "adv_video")
                return d.TryGetValue("params", out var p) ? p as Dictionary<string, object?> : null;
        return null;
    }

    private static AdamSettings ReadAdam(ConfigTree.Section section, AdamSettings fallback, string source)
    {
        var betas = section.Doubles("betas", new[] { fallback.Beta1, fallback.Beta2 });
        if (betas.Length != 2) throw new Pv3dException($"{source}: {section.Path}.betas must hold two numbers, got {betas.Length}");
        var settings = new AdamSettings(section.Double("lr", fallback.Lr), betas[0], betas[1],
            section.Double("eps", fallback.Eps), section.Double("weight_decay", fallback.WeightDecay));
        if (!(settings.Lr > 0)) throw new Pv3dException($"{source}: {section.Path}.lr must be positive, got {settings.Lr}");
        return settings;
    }
}
