using Pv3d.Checkpoints;
using Pv3d.Config;
using Pv3d.Tests.Networks;
using Pv3d.Torch;

namespace Pv3d.Tests.Checkpoints;

[Collection(GlobalRandomCollection.Name)]
public sealed class GeneratorInitializerTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("pv3d-init-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private string TinyConfigFile()
    {
        var path = Path.Combine(_dir, "tiny.json");
        File.WriteAllText(path, TinyGeneratorWeights.Config.GetRawText());
        return path;
    }

    [Theory]
    [InlineData("g.safetensors")]
    [InlineData("g.ckpt")]
    public void WritesAGeneratorThatLoadsWithTheOfficialKeys(string name)
    {
        using var scope = TensorScope.Enter();
        var config = ModelConfig.FromFile(TinyConfigFile());
        var path = Path.Combine(_dir, name);
        GeneratorInitializer.Create(path, config, seed: 5);

        using var loaded = CheckpointLoader.LoadGenerator(path);
        var expectedKeys = TinyGeneratorWeights.Build().Keys.ToArray();
        Assert.Equal(expectedKeys, loaded.Generator.StateDict().Keys.ToArray());
        Assert.Equal(config.Generator.ImgResolution, loaded.Config.Generator.ImgResolution);
        Assert.Equal(config.RenderingResolution, loaded.Config.RenderingResolution);
    }

    [Fact]
    public void SameSeedSameWeightsOtherSeedOtherWeights()
    {
        using var scope = TensorScope.Enter();
        var config = ModelConfig.FromFile(TinyConfigFile());
        string a = Path.Combine(_dir, "a.safetensors"), b = Path.Combine(_dir, "b.safetensors"), c = Path.Combine(_dir, "c.safetensors");
        GeneratorInitializer.Create(a, config, seed: 1);
        GeneratorInitializer.Create(b, config, seed: 1);
        GeneratorInitializer.Create(c, config, seed: 2);
        Assert.Equal(File.ReadAllBytes(a), File.ReadAllBytes(b));
        Assert.NotEqual(File.ReadAllBytes(a), File.ReadAllBytes(c));
    }

    [Fact]
    public void AFileWithoutAGeneratorSectionIsRejectedByName()
    {
        var path = Path.Combine(_dir, "notaconfig.json");
        File.WriteAllText(path, """{"description": "something else", "weights": []}""");
        var e = Assert.Throws<Pv3dException>(() => ModelConfig.FromFile(path));
        Assert.Contains(path, e.Message);
        Assert.Contains("no generator configuration", e.Message);
    }
}
