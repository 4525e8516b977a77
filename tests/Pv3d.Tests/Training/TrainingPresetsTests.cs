using Pv3d.Training.Loop;

namespace Pv3d.Tests.Training;

public sealed class TrainingPresetsTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("pv3d-presets-").FullName;

    private string Write(string yaml)
    {
        var path = Path.Combine(_dir, Guid.NewGuid().ToString("N") + ".yaml");
        File.WriteAllText(path, yaml);
        return path;
    }

    [Fact]
    public void ConfigKeysOverrideThePresetOneByOne()
    {
        var tiny = TrainingPresets.Tiny();
        var path = Write("""
            model_config:
              pv3d:
                generator:
                  rendering_kwargs:
                    depth_resolution: 8
            """);
        var setup = TrainingPresets.Override(tiny, path);
        Assert.Equal(8, setup.Model.Generator.RenderingKwargs.DepthResolution);
        // Everything the file does not name stays as in the preset.
        Assert.Equal(tiny.Model.Generator.RenderingKwargs.DepthResolutionImportance, setup.Model.Generator.RenderingKwargs.DepthResolutionImportance);
        Assert.Equal(tiny.Model.Generator.ChannelMax, setup.Model.Generator.ChannelMax);
        Assert.Equal(tiny.Model.Generator.ImgResolution, setup.Model.Generator.ImgResolution);
        Assert.Equal(tiny.Model.RenderingResolution, setup.Model.RenderingResolution);
        Assert.Equal(tiny.Training, setup.Training);
        Assert.Equal(tiny.Discriminators, setup.Discriminators);
    }

    [Fact]
    public void TrainingSectionReplacesThePresetTraining()
    {
        var path = Write("""
            training:
              batch_size: 4
              rendering_resolution: 32
            """);
        var setup = TrainingPresets.Override(TrainingPresets.Tiny(), path);
        Assert.Equal(4, setup.BatchSize);
        Assert.Equal(32, setup.Model.RenderingResolution);
    }

    [Fact]
    public void UnknownPresetAndMissingConfigAreUserErrors()
    {
        Assert.Contains("huge", Assert.Throws<Pv3dException>(() => TrainingPresets.Get("huge")).Message);
        Assert.Throws<Pv3dException>(() => TrainingPresets.Override(TrainingPresets.Tiny(), Path.Combine(_dir, "none.yaml")));
    }

    [Fact]
    public void PaperPresetIsTheOfficialConfiguration()
    {
        var paper = TrainingPresets.Get("paper");
        Assert.Equal(32, paper.BatchSize);
        Assert.Equal(512, paper.ImageResolution);
        Assert.Equal(128, paper.Training.Schedule.NeuralRenderingResolutionFinal);
        Assert.Equal(8, TrainingPresets.Get("small").BatchSize);
        paper.Validate();
    }

    public void Dispose() => Directory.Delete(_dir, true);
}
