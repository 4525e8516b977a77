using Pv3d.Config;
using Pv3d.Training;

namespace Pv3d.Tests.Training;

public class TrainingConfigTests
{
    private const string Yaml = """
        model_config:
          pv3d:
            blur_fade_kimg: 100
            gpc_reg_prob: 0.7
            density_reg: 0.6
            neural_rendering_resolution_final: ${training.rendering_resolution}
            generator:
              rendering_kwargs:
                density_reg_p_dist: 0.01
            losses:
              - type: adv_video
                params:
                  loss_disc_reg_weight: ${training.disc_reg_interval}
                  loss_gen_reg_weight: ${training.gen_reg_interval}
                  loss_density_reg_weight: ${model_config.pv3d.density_reg}
                  loss_img_weight: 0.5
                  loss_vid_still_weight: 0.25
                  r1_gamma: 4.0
        optimizer:
          params:
            generator:
              lr: 0.003
              betas: [0, 0.95]
              eps: 1e-07
              weight_decay: 0
        training:
          batch_size: 16
          ema_rampup: null
          gen_reg_interval: 4
          disc_reg_interval: 16
          rendering_resolution: 128
          max_updates: 1000
          checkpoint_interval: 50
          nan_to_num: false
        """;

    [Fact]
    public void ReadsTheOfficialLayoutWithInterpolations()
    {
        var c = TrainingConfig.FromTree(YamlConfigReader.ReadText(Yaml, "test.yaml"));
        Assert.Equal(16, c.Schedule.BatchSize);
        Assert.Equal(100, c.Schedule.BlurFadeKimg);
        Assert.Equal(0.7, c.Schedule.GpcRegProb);
        Assert.Equal(128, c.Schedule.NeuralRenderingResolutionFinal);
        Assert.Null(c.Schedule.EmaRampup);
        Assert.Equal(0.6, c.Loss.DensityReg);
        Assert.Equal(16, c.Loss.DiscReg);
        Assert.Equal(4, c.Loss.GenReg);
        Assert.Equal(0.5, c.Loss.Img);
        Assert.Equal(1, c.Loss.Vid);
        Assert.Equal(4.0, c.Loss.R1Gamma);
        Assert.Equal(0.25, c.Loss.VidStill);
        Assert.Equal(0.01, c.DensityRegPDist);
        Assert.Equal(new AdamSettings(0.003, 0, 0.95, 1e-7, 0), c.GeneratorOptimizer);
        Assert.Equal(AdamSettings.Discriminator, c.ImgDiscriminatorOptimizer);
        Assert.Equal((1000L, 50L, false), (c.MaxUpdates, c.CheckpointInterval, c.NanToNum));
        // Blur fades over 100·16/32 = 50 kimg.
        Assert.Equal(0, c.Schedule.BlurSigma(50_000));
    }

    [Fact]
    public void AbsentKeysTakeTheOfficialDefaults()
    {
        var c = TrainingConfig.FromTree(YamlConfigReader.ReadText("training:\n  batch_size: 32\n", "min.yaml"));
        Assert.Equal(new TrainingSchedule(), c.Schedule);
        Assert.Equal(new LossWeights(), c.Loss);
        Assert.Equal(AdamSettings.Generator, c.GeneratorOptimizer);
        Assert.Equal(AdamSettings.Discriminator, c.VidDiscriminatorOptimizer);
        Assert.Equal(0.004, c.DensityRegPDist);
        Assert.True(c.NanToNum);
    }

    [Fact]
    public void BadValuesNameTheFileAndKey()
    {
        var e = Assert.Throws<Pv3dException>(() => TrainingConfig.FromTree(YamlConfigReader.ReadText(
            "optimizer:\n  params:\n    img_discriminator:\n      betas: [0.1]\n", "bad.yaml")));
        Assert.Contains("bad.yaml", e.Message);
        Assert.Contains("optimizer.params.img_discriminator.betas", e.Message);
        Assert.Throws<Pv3dException>(() => TrainingConfig.FromTree(YamlConfigReader.ReadText("training:\n  batch_size: 0\n", "zero.yaml")));
    }

    [Fact]
    public void AdamSettingsCreateAnOptimiserWithThoseHyperParameters()
    {
        using var scope = Pv3d.Torch.TensorScope.Enter();
        var p = Pv3d.Torch.Tensor.Zeros(3).SetRequiresGrad();
        using var adam = new AdamSettings(0.01, 0.5, 0.9, 1e-6, 0.1).Create(new[] { p });
        var g = adam.ParamGroups[0];
        Assert.Equal((0.01, (0.5, 0.9), 1e-6, 0.1), (g.LearningRate, g.Betas, g.Eps, g.WeightDecay));
    }
}
