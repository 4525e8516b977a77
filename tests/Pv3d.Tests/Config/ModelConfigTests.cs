using System.Text.Json;
using Pv3d.Checkpoints;
using Pv3d.Config;
using Pv3d.Tests.Checkpoints;
using Pv3d.Tests.IO;

namespace Pv3d.Tests.Config;

public class ModelConfigTests
{
    /// <summary>The fixture's config was composed by OmegaConf from the official YAML files with four overrides.</summary>
    private static ModelConfig OfficialWithOverrides() =>
        new()
        {
            RenderingResolution = 128,
            Generator = new GeneratorConfig
            {
                ImgResolution = 128,
                ChannelBase = 1024,
                RenderingKwargs = new RenderingKwargs
                {
                    ImageResolution = 128,
                    SuperresolutionModule = "lib.models.videg3d.networks.superresolution.SuperresolutionHybrid2X",
                },
            },
        };

    [Fact]
    public void DefaultsEqualTheOfficialYamlValues()
    {
        using var checkpoint = CheckpointLoader.Read(CheckpointFixtures.Path("official_plain_config.ckpt"));
        Assert.Equal(OfficialWithOverrides(), checkpoint.Config);
    }

    [Fact]
    public void EveryOfficialGeneratorKeyIsReadWithItsValue()
    {
        using var checkpoint = CheckpointLoader.Read(CheckpointFixtures.Path("official_plain_config.ckpt"));
        var ours = JsonDocument.Parse(ConfigJson.Write(checkpoint.Config.ToOfficialTree())).RootElement
            .GetProperty("model_config").GetProperty("pv3d").GetProperty("generator");
        var official = CheckpointFixtures.Expected.GetProperty("generator_config");
        AssertSubset(official, ours, "generator");
    }

    private static void AssertSubset(JsonElement expected, JsonElement actual, string path)
    {
        switch (expected.ValueKind)
        {
            case JsonValueKind.Object:
                foreach (var p in expected.EnumerateObject())
                {
                    Assert.True(actual.TryGetProperty(p.Name, out var a), $"{path}.{p.Name} is not written back");
                    AssertSubset(p.Value, a, $"{path}.{p.Name}");
                }
                break;
            case JsonValueKind.Array:
                Assert.Equal(expected.GetArrayLength(), actual.GetArrayLength());
                for (var i = 0; i < expected.GetArrayLength(); i++) AssertSubset(expected[i], actual[i], $"{path}[{i}]");
                break;
            case JsonValueKind.Number:
                Assert.True(expected.GetDouble() == actual.GetDouble(), $"{path}: {expected} vs {actual}");
                break;
            default:
                Assert.Equal(expected.ToString(), actual.ToString());
                break;
        }
    }

    [Fact]
    public void PickledDictConfigGivesTheSameConfig()
    {
        using var plain = CheckpointLoader.Read(CheckpointFixtures.Path("official_plain_config.ckpt"));
        using var dictConfig = CheckpointLoader.Read(CheckpointFixtures.Path("official_dictconfig.ckpt"));
        Assert.Equal(plain.Config, dictConfig.Config);
    }

    [Fact]
    public void YamlIncludesOverridesAndReferences()
    {
        using var dir = new IoFixtures.TempDir();
        Directory.CreateDirectory(dir.File("configs/models"));
        Directory.CreateDirectory(dir.File("configs/projects"));
        File.WriteAllText(dir.File("configs/models/m.yaml"), """
            model_config:
              pv3d:
                generator:
                  channel_base: 2048
                  conv_clamp: 256
                  mapping_kwargs:
                    num_layers: 4
                  rendering_kwargs:
                    ray_start: 2.0
                    superresolution_module: training.superresolution.SuperresolutionHybrid4X
                    avg_camera_pivot: [0., 0.1, 0.3]
                neural_rendering_resolution_final: ${training.rendering_resolution}
            """);
        File.WriteAllText(dir.File("configs/projects/p.yaml"), """
            includes:
            - configs/models/m.yaml
            model_config:
              pv3d:
                generator:
                  img_resolution: 256
                  rendering_kwargs:
                    ray_start: 2.5
                    sr_antialias: False
                    depth_resolution: ${model_config.pv3d.generator.mapping_kwargs.num_layers}
            training:
              rendering_resolution: 32
            """);
        var config = ModelConfig.FromFile(dir.File("configs/projects/p.yaml"));
        var g = config.Generator;
        Assert.Equal(2048, g.ChannelBase);
        Assert.Equal(256, g.ConvClamp);
        Assert.Equal(4, g.MappingKwargs.NumLayers);
        Assert.Equal(256, g.ImgResolution);
        Assert.Equal(2.5, g.RenderingKwargs.RayStart);
        Assert.False(g.RenderingKwargs.SrAntialias);
        Assert.Equal(4, g.RenderingKwargs.DepthResolution);
        Assert.Equal(new[] { 0.0, 0.1, 0.3 }, g.RenderingKwargs.AvgCameraPivot);
        Assert.Equal("SuperresolutionHybrid4X", g.SuperresolutionClass);
        Assert.Equal(32, config.RenderingResolution);
        Assert.Equal(new GeneratorConfig().RenderingKwargs.RayEnd, g.RenderingKwargs.RayEnd);
    }

    [Fact]
    public void JsonRoundTrip()
    {
        var config = OfficialWithOverrides() with { Generator = OfficialWithOverrides().Generator with { ConvClamp = 128, NumFp16Res = 2 } };
        var back = ModelConfig.FromJson(config.ToJson(), "test.json");
        Assert.Equal(config, back);
        Assert.NotEqual(new ModelConfig(), back);
    }

    [Fact]
    public void UnknownSuperresolutionModuleIsNamed()
    {
        var e = Assert.Throws<Pv3dException>(() => ModelConfig.FromTree(YamlConfigReader.ReadText(
            "generator:\n  rendering_kwargs:\n    superresolution_module: lib.sr.SuperresolutionHybrid16X\n", "bad.yaml")));
        Assert.Contains("bad.yaml", e.Message);
        Assert.Contains("lib.sr.SuperresolutionHybrid16X", e.Message);
    }

    [Fact]
    public void ResolutionThatTheSuperresolutionCannotMakeIsRejected()
    {
        var e = Assert.Throws<Pv3dException>(() => ModelConfig.FromTree(YamlConfigReader.ReadText("generator:\n  img_resolution: 256\n", "r.yaml")));
        Assert.Contains("img_resolution", e.Message);
        Assert.Contains("SuperresolutionHybrid8XDC", e.Message);
    }

    [Fact]
    public void WrongValueTypeNamesTheKey()
    {
        var e = Assert.Throws<Pv3dException>(() => ModelConfig.FromTree(YamlConfigReader.ReadText("generator:\n  channel_max: lots\n", "t.yaml")));
        Assert.Contains("generator.channel_max", e.Message);
        Assert.Contains("lots", e.Message);
    }
}
