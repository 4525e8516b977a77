using Pv3d.Applications.Forward;
using Pv3d.Checkpoints;
using Pv3d.Tests.Networks;
using Pv3d.Torch;
using Pv3d.Torch.IO;

namespace Pv3d.Tests.Checkpoints;

/// <summary>Loading, converting and forward input checks with the tiny generator's official-layout checkpoint.</summary>
[Collection(GlobalRandomCollection.Name)]
public class TinyCheckpointErrorTests : IClassFixture<TinyCheckpointFixture>
{
    private readonly TinyCheckpointFixture _fx;

    public TinyCheckpointErrorTests(TinyCheckpointFixture fx) => _fx = fx;

    [Fact]
    public void ConvertRoundTripKeepsEveryWeight()
    {
        var safetensors = _fx.File("rt.safetensors");
        var official = _fx.File("rt.ckpt");
        CheckpointConverter.Convert(_fx.CheckpointPath, safetensors);
        CheckpointConverter.Convert(safetensors, official);
        using var scope = TensorScope.Enter();
        var expected = TinyGeneratorWeights.Build();
        foreach (var path in new[] { safetensors, official })
        {
            using var loaded = CheckpointLoader.Read(path);
            Assert.Equal(expected.Keys.Order(StringComparer.Ordinal), loaded.State.Keys.Order(StringComparer.Ordinal));
            foreach (var (key, value) in expected)
                Assert.True(value.Equal(loaded.State[key]), $"{path}: {key} changed");
            Assert.Equal(32, loaded.Config.RenderingResolution);
            Assert.Equal("SuperresolutionHybrid2X", loaded.Config.Generator.SuperresolutionClass);
        }
    }

    [Fact]
    public void ConfigThatDoesNotFitTheWeightsNamesTheKeys()
    {
        var yaml = _fx.File("wrong.yaml");
        File.WriteAllText(yaml, """
            model_config:
              pv3d:
                generator:
                  img_resolution: 128
                  channel_base: 512
                  channel_max: 16
                  rendering_kwargs:
                    image_resolution: 128
                    superresolution_module: lib.models.videg3d.networks.superresolution.SuperresolutionHybrid2X
            """);
        var e = Assert.Throws<Pv3dException>(() => CheckpointLoader.LoadGenerator(_fx.CheckpointPath, configPath: yaml));
        Assert.Contains(_fx.CheckpointPath, e.Message);
        Assert.Contains("generator_ema.backbone.synthesis.b4.const (expected [16, 4, 4], got [32, 4, 4])", e.Message);
    }

    [Fact]
    public void UnknownSuperresolutionInTheStoredConfigIsNamed()
    {
        var path = _fx.File("unknown_sr.ckpt");
        using (var scope = TensorScope.Enter())
        {
            var root = (Dictionary<object, object?>)TorchCheckpoint.Load(_fx.CheckpointPath)!;
            var config = (Dictionary<object, object?>)root["config"]!;
            var generator = (Dictionary<object, object?>)((Dictionary<object, object?>)((Dictionary<object, object?>)config["model_config"]!)["pv3d"]!)["generator"]!;
            ((Dictionary<object, object?>)generator["rendering_kwargs"]!)["superresolution_module"] = "lib.models.sr.SuperresolutionDeep3X";
            TorchCheckpoint.Save(path, root);
        }
        var e = Assert.Throws<Pv3dException>(() => CheckpointLoader.LoadGenerator(path));
        Assert.Contains(path, e.Message);
        Assert.Contains("lib.models.sr.SuperresolutionDeep3X", e.Message);
    }

    [Theory]
    [InlineData("c", new long[] { 2, 16 }, "the array 'c' has shape [2, 16]; expected [2, 25]")]
    [InlineData("t", new long[] { 3, 1 }, "the array 't' has shape [3, 1]; expected [2, 1]")]
    [InlineData("coordinates", new long[] { 2, 5, 2 }, "the array 'coordinates' has shape [2, 5, 2]; expected [2, P, 3]")]
    [InlineData("z_motion", null, "the array 'z_motion' is missing; expected float32 [2, 512]")]
    public void BadInputsNameTheArrayTheFileAndTheShape(string name, long[]? shape, string message)
    {
        var path = _fx.File($"bad_{name}.npz");
        using var scope = TensorScope.Enter();
        var arrays = Npz.Load(_fx.InputsPath);
        if (shape is null) arrays.Remove(name);
        else arrays[name] = Tensor.Zeros(shape);
        Npz.Save(path, arrays);
        var e = Assert.Throws<Pv3dException>(() => ForwardInputs.Load(path, zDim: 512, motionDim: 512));
        Assert.Equal($"{path}: {message}", e.Message);
    }

    [Fact]
    public void DiscriminatorInputsAreReportedNotRun()
    {
        var path = _fx.File("with_images.npz");
        using var scope = TensorScope.Enter();
        var arrays = Npz.Load(_fx.InputsPath);
        arrays["image"] = Tensor.Zeros(2, 3, 128, 128);
        Npz.Save(path, arrays);
        using var loaded = CheckpointLoader.LoadGenerator(_fx.CheckpointPath);
        var summary = ForwardRunner.Run(loaded.Generator, new ForwardOptions
        {
            CheckpointPath = _fx.CheckpointPath, InputsPath = path, OutputPath = _fx.File("with_images_out.npz"),
            Deterministic = true, RenderingResolution = 8,
        });
        Assert.Contains(summary.Notes, n => n.Contains("logits_img") && n.Contains("not written"));
        Assert.Equal(new long[] { 2, 1, 8, 8 }, summary.Outputs["image_depth"]);
        Assert.False(summary.Outputs.ContainsKey("logits_img"));
    }
}
