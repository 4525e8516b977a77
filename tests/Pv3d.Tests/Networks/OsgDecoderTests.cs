using Pv3d.Config;
using Pv3d.Networks;
using Pv3d.Rendering;
using Pv3d.Torch;

namespace Pv3d.Tests.Networks;

public class OsgDecoderTests
{
    private static OsgDecoder Build(GeneratorFixture fx) =>
        new(fx.InitLong("n_features"), fx.InitLong("decoder_output_dim"), fx.InitDouble("decoder_lr_mul"));

    [Fact]
    public void MatchesOfficialDecoder()
    {
        using var scope = TensorScope.Enter();
        using var fx = GeneratorFixture.Load("osg_decoder");
        using var decoder = Build(fx);
        decoder.LoadStateDict(fx.Params);
        var decoded = decoder.Forward(fx.Input("sampled_features"));
        fx.AssertOutput("rgb", decoded.Rgb);
        fx.AssertOutput("sigma", decoded.Sigma);
    }

    [Fact]
    public void DecodesPlaneSamplesInsideTheRenderer()
    {
        // The official run_model (plane sampling + decoder) and the deterministic importance
        // renderer, with this decoder plugged into our renderer.
        using var scope = TensorScope.Enter();
        using var runModel = GeneratorFixture.Load("run_model");
        using var decoder = Build(DecoderCase(runModel));
        decoder.LoadStateDict(runModel.Params);
        var coords = runModel.Input("coordinates");
        var samples = new ImportanceRenderer().RunModel(runModel.Input("planes"), decoder, coords, Tensor.ZerosLike(coords),
            Options(runModel));
        runModel.AssertOutput("rgb", samples.Rgb);
        runModel.AssertOutput("sigma", samples.Sigma);

        using var render = GeneratorFixture.Load("importance_renderer_det");
        decoder.LoadStateDict(render.Params);
        var result = new ImportanceRenderer().Forward(render.Input("planes"), decoder, render.Input("ray_origins"),
            render.Input("ray_directions"), Options(render), SamplingMode.Deterministic);
        render.AssertOutput("rgb", result.Rgb);
        render.AssertOutput("depth", result.Depth);
    }

    private static OsgDecoder Build(System.Text.Json.JsonElement init) =>
        new(init.GetProperty("n_features").GetInt64(), init.GetProperty("decoder_output_dim").GetInt64(),
            init.GetProperty("decoder_lr_mul").GetDouble());

    private static System.Text.Json.JsonElement DecoderCase(GeneratorFixture fx) => fx.Case.GetProperty("decoder").GetProperty("init");

    private static RenderingOptions Options(GeneratorFixture fx) =>
        RenderingKwargs.FromJson(fx.ForwardElement("rendering_options").GetRawText(), "generator/cases.json").ToRenderingOptions();

    [Fact]
    public void StateDictKeysFollowOfficialOrder()
    {
        using var fx = GeneratorFixture.Load("osg_decoder");
        using var decoder = Build(fx);
        Assert.Equal(SuperresolutionTests.OfficialKeys(fx), decoder.StateDict().Keys);
        Assert.Equal(["net.0.weight", "net.0.bias", "net.2.weight", "net.2.bias"], decoder.StateDict().Keys);
    }

    [Fact]
    public void ColoursStayInsideTheWidenedSigmoidRange()
    {
        // Huge features saturate the sigmoid: colours reach exactly -0.001 and 1.001, never beyond.
        using var scope = TensorScope.Enter();
        using var decoder = new OsgDecoder();
        var features = Tensor.Randn(1, 3, 200, 32) * 1e4;
        var decoded = decoder.Forward(features);
        var (rgb, sigma) = (decoded.Rgb, decoded.Sigma);
        Assert.Equal([1L, 200, 32], rgb.Shape);
        Assert.Equal([1L, 200, 1], sigma.Shape);
        Assert.InRange(rgb.Min().Item(), -0.001 - 1e-6, 1.001 + 1e-6);
        Assert.InRange(rgb.Max().Item(), -0.001 - 1e-6, 1.001 + 1e-6);
        Assert.True(rgb.Max().Item() > 1.0009 && rgb.Min().Item() < -0.0009);
    }

    [Fact]
    public void RejectsFeaturesOfTheWrongWidth()
    {
        using var scope = TensorScope.Enter();
        using var decoder = new OsgDecoder();
        Assert.Throws<ArgumentException>(() => decoder.Forward(Tensor.Zeros(1, 3, 5, 16)));
    }
}
