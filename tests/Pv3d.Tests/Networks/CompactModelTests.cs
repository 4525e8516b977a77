using Pv3d.Config;
using Pv3d.Networks;
using Pv3d.Torch;
using Pv3d.Training.Loop;

namespace Pv3d.Tests.Networks;

/// <summary>Our two extensions for small models: <see cref="SuperresolutionCompact2X"/> and the <c>plane_resolution</c> key.</summary>
[Collection(GlobalRandomCollection.Name)]
public class CompactModelTests
{
    private const string CompactPath = "pv3d.superresolution.SuperresolutionCompact2X";

    [Fact]
    public void Compact2XAt128WithFullWidthComputesTheOfficialHybrid2X()
    {
        // Same layout and widths as Hybrid2X at 128², so the official Hybrid2X weights and output must carry over.
        using var scope = TensorScope.Enter();
        using var fx = GeneratorFixture.Load("sr_hybrid2x");
        using var sr = SuperresolutionFactory.Create(CompactPath, fx.InitLong("channels"), 128, fx.InitInt("sr_num_fp16_res"),
            fx.InitBool("sr_antialias"), FusedModconvModes.Parse(fx.InitString("fused_modconv_default")), srChannelMax: 512);
        Assert.IsType<SuperresolutionCompact2X>(sr);
        Assert.Equal(SuperresolutionTests.OfficialKeys(fx), sr.StateDict().Keys);
        if (fx.Training) sr.Train(); else sr.Eval();
        sr.LoadStateDict(fx.Params);
        using var noGrad = Pv3d.Torch.Autograd.NoGrad();
        var img = sr.Forward(fx.Input("rgb"), fx.Input("x"), fx.Input("ws"), NoiseModes.Parse(fx.ForwardString("noise_mode")));
        fx.AssertOutput("img", img);
    }

    [Fact]
    public void Compact2XDoublesASmallResolutionWithCappedWidths()
    {
        using var scope = TensorScope.Enter();
        using var sr = new SuperresolutionCompact2X(channels: 32, imgResolution: 64, srNumFp16Res: 0, channelMax: 16);
        Assert.Equal(32, sr.InputResolution);
        var shapes = sr.StateDict().ToDictionary(p => p.Key, p => p.Value.Shape);
        Assert.Equal(new long[] { 16, 32, 3, 3 }, shapes["block0.conv0.weight"]);
        Assert.Equal(new long[] { 16, 16, 3, 3 }, shapes["block1.conv1.weight"]);
        using var noGrad = Pv3d.Torch.Autograd.NoGrad();
        TorchRandom.ManualSeed(1);
        var image = sr.Forward(Tensor.Randn(2, 3, 16, 16), Tensor.Randn(2, 32, 16, 16), Tensor.Randn(2, 5, 512), NoiseMode.Const);
        Assert.Equal(new long[] { 2, 3, 64, 64 }, image.Shape);
        Assert.True(image.Abs().Max().Item() > 0);
    }

    [Theory]
    [InlineData(63)]
    [InlineData(6)]
    public void Compact2XRejectsResolutionsItCannotHalve(long resolution)
    {
        var e = Assert.Throws<Pv3dException>(() => new SuperresolutionCompact2X(imgResolution: resolution));
        Assert.Contains(resolution.ToString(), e.Message);
    }

    [Fact]
    public void PlaneResolutionRoundTripsAndIsWrittenOnlyWhenNotOfficial()
    {
        var tiny = TrainingPresets.Tiny().Model;
        Assert.Equal(64, tiny.Generator.PlaneResolution);
        Assert.Contains("\"plane_resolution\": 64", tiny.ToJson());
        Assert.Equal(tiny, ModelConfig.FromJson(tiny.ToJson(), "tiny.json"));
        Assert.DoesNotContain("plane_resolution", new ModelConfig().ToJson());
    }

    [Theory]
    [InlineData("plane_resolution: 48\n", "plane_resolution")]
    [InlineData("plane_resolution: 2\n", "plane_resolution")]
    [InlineData("img_resolution: 65\nrendering_kwargs:\n  superresolution_module: " + CompactPath + "\n", "img_resolution")]
    public void BadCompactSettingsNameTheKey(string yaml, string key)
    {
        var e = Assert.Throws<Pv3dException>(() => ModelConfig.FromTree(YamlConfigReader.ReadText("generator:\n" + Indent(yaml), "c.yaml")));
        Assert.Contains("c.yaml", e.Message);
        Assert.Contains(key, e.Message);
    }

    [Fact]
    public void TinyPresetGeneratorMakes64SquarePlanesAndFrames()
    {
        using var scope = TensorScope.Enter();
        var config = TrainingPresets.Tiny().Model;
        using var g = new TriPlaneGenerator(config.Generator.ToOptions(), config.RenderingResolution);
        TorchRandom.ManualSeed(3);
        using var noGrad = Pv3d.Torch.Autograd.NoGrad();
        var c = Tensor.FromArray(Cameras(), 1, 25);
        var output = g.Forward(Tensor.Randn(1, 512), Tensor.Randn(1, 512), Tensor.Full(new long[] { 1, 1 }, 0.5f), c, noiseMode: NoiseMode.Const);
        Assert.Equal(new long[] { 1, 3, 32, 64, 64 }, output.Planes.Shape);
        Assert.Equal(new long[] { 1, 3, 32, 32 }, output.ImageRaw.Shape);
        Assert.Equal(new long[] { 1, 3, 64, 64 }, output.Image.Shape);
    }

    private static string Indent(string yaml) => string.Join("", yaml.Split('\n').Where(l => l.Length > 0).Select(l => "  " + l + "\n"));

    /// <summary>A camera 2.7 from the origin on +z looking at it, with the official normalised intrinsics.</summary>
    private static float[] Cameras() =>
    [
        1, 0, 0, 0,
        0, -1, 0, 0,
        0, 0, -1, 2.7f,
        0, 0, 0, 1,
        4.2647f, 0, 0.5f, 0, 4.2647f, 0.5f, 0, 0, 1,
    ];
}
