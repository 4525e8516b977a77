using Pv3d.Checkpoints;
using Pv3d.Config;
using Pv3d.Tests.IO;
using Pv3d.Torch;

namespace Pv3d.Tests.Checkpoints;

public class CheckpointLoaderTests
{
    [Theory]
    [InlineData("official_plain_config.ckpt", GeneratorNetworks.Ema)]
    [InlineData("official_plain_config.ckpt", GeneratorNetworks.Trained)]
    [InlineData("official_dictconfig.ckpt", GeneratorNetworks.Ema)]
    [InlineData("official_module_prefix.ckpt", GeneratorNetworks.Trained)]
    public void OfficialCheckpointSelectsTheNetworkByPrefix(string file, string network)
    {
        using var checkpoint = CheckpointLoader.Read(CheckpointFixtures.Path(file), network);
        Assert.Equal(CheckpointFormat.Official, checkpoint.Format);
        Assert.Equal(new[] { "lin.bias", "lin.weight", "lin_avg" }, checkpoint.State.Keys.Order(StringComparer.Ordinal));
        foreach (var (key, tensor) in checkpoint.State)
            Assert.Equal(CheckpointFixtures.ExpectedValues(network, key), tensor.ToArray<float>());
        Assert.Equal(128, checkpoint.Config.RenderingResolution);
        Assert.Equal("SuperresolutionHybrid2X", checkpoint.Config.Generator.SuperresolutionClass);
        Assert.Equal(1024, checkpoint.Config.Generator.ChannelBase);
    }

    [Fact]
    public void LoadIntoCopiesTheWeights()
    {
        using var checkpoint = CheckpointLoader.Read(CheckpointFixtures.Path("official_plain_config.ckpt"));
        using var module = new CheckpointFixtures.StandIn();
        checkpoint.LoadInto(module);
        foreach (var (key, tensor) in module.StateDict())
            Assert.Equal(CheckpointFixtures.ExpectedValues(GeneratorNetworks.Ema, key), tensor.ToArray<float>());
    }

    [Fact]
    public void WrongShapesAndMissingKeysAreNamedWithTheFile()
    {
        var path = CheckpointFixtures.Path("official_plain_config.ckpt");
        using var checkpoint = CheckpointLoader.Read(path);
        checkpoint.State.Remove("lin.bias", out var bias);
        bias!.Dispose();
        using var module = new CheckpointFixtures.StandIn(outFeatures: 5);
        var e = Assert.Throws<Pv3dException>(() => checkpoint.LoadInto(module));
        Assert.Contains(path, e.Message);
        Assert.Contains("missing key: generator_ema.lin.bias", e.Message);
        Assert.Contains("generator_ema.lin.weight (expected [5, 3], got [2, 3])", e.Message);
    }

    [Fact]
    public void UnexpectedKeysAreNamed()
    {
        using var checkpoint = CheckpointLoader.Read(CheckpointFixtures.Path("official_plain_config.ckpt"));
        checkpoint.State["extra.weight"] = Tensor.Zeros([1]).DetachFromScopes();
        using var module = new CheckpointFixtures.StandIn();
        var e = Assert.Throws<Pv3dException>(() => checkpoint.LoadInto(module));
        Assert.Contains("unexpected key: generator_ema.extra.weight", e.Message);
    }

    [Fact]
    public void BareStateDictNeedsAConfigFile()
    {
        var path = CheckpointFixtures.Path("model_final.pth");
        var e = Assert.Throws<Pv3dException>(() => CheckpointLoader.Read(path));
        Assert.Contains(path, e.Message);
        Assert.Contains(CheckpointLoader.ConfigSetting, e.Message);
        Assert.Equal([CheckpointLoader.ConfigSetting], e.Settings);

        using var dir = new IoFixtures.TempDir();
        var yaml = dir.File("g.yaml");
        File.WriteAllText(yaml, "model_config:\n  pv3d:\n    generator:\n      channel_max: 64\ntraining:\n  rendering_resolution: 96\n");
        using var checkpoint = CheckpointLoader.Read(path, GeneratorNetworks.Trained, yaml);
        Assert.Equal(CheckpointFormat.BareStateDict, checkpoint.Format);
        Assert.Equal(64, checkpoint.Config.Generator.ChannelMax);
        Assert.Equal(96, checkpoint.Config.RenderingResolution);
        Assert.Equal(CheckpointFixtures.ExpectedValues(GeneratorNetworks.Trained, "lin.weight"), checkpoint.State["lin.weight"].ToArray<float>());
    }

    [Fact]
    public void UnknownNetworkAndMissingFileAreUserErrors()
    {
        var path = CheckpointFixtures.Path("official_plain_config.ckpt");
        Assert.Contains("generator_ema", Assert.Throws<Pv3dException>(() => CheckpointLoader.Read(path, "img_discriminator")).Message);
        Assert.Contains("not found", Assert.Throws<Pv3dException>(() => CheckpointLoader.Read(path + ".missing")).Message);
    }

    [Fact]
    public void SafeTensorsRoundTrip()
    {
        using var dir = new IoFixtures.TempDir();
        using var module = new CheckpointFixtures.StandIn();
        using (var source = CheckpointLoader.Read(CheckpointFixtures.Path("official_plain_config.ckpt"))) source.LoadInto(module);
        var config = new ModelConfig { RenderingResolution = 80, Generator = new GeneratorConfig { ChannelMax = 32 } };
        var path = dir.File("g.safetensors");
        CheckpointExporter.SaveSafeTensors(path, module, config);

        using var loaded = CheckpointLoader.Read(path);
        Assert.Equal(CheckpointFormat.SafeTensors, loaded.Format);
        Assert.Equal(config, loaded.Config);
        using var copy = new CheckpointFixtures.StandIn();
        loaded.LoadInto(copy);
        foreach (var (key, tensor) in copy.StateDict())
            Assert.Equal(CheckpointFixtures.ExpectedValues(GeneratorNetworks.Ema, key), tensor.ToArray<float>());
    }

    [Fact]
    public void OfficialLayoutExportRoundTrip()
    {
        using var dir = new IoFixtures.TempDir();
        using var module = new CheckpointFixtures.StandIn();
        using (var source = CheckpointLoader.Read(CheckpointFixtures.Path("official_plain_config.ckpt"), GeneratorNetworks.Trained)) source.LoadInto(module);
        var config = new ModelConfig { RenderingResolution = 128 };
        var path = dir.File("g.ckpt");
        CheckpointExporter.SaveOfficial(path, module, config);

        foreach (var network in new[] { GeneratorNetworks.Ema, GeneratorNetworks.Trained })
        {
            using var loaded = CheckpointLoader.Read(path, network);
            Assert.Equal(CheckpointFormat.Official, loaded.Format);
            Assert.Equal(config, loaded.Config);
            foreach (var (key, tensor) in loaded.State)
                Assert.Equal(CheckpointFixtures.ExpectedValues(GeneratorNetworks.Trained, key), tensor.ToArray<float>());
        }
    }
}
