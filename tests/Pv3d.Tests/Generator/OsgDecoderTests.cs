using Pv3d.Networks;
using Pv3d.Torch;

namespace Pv3d.Tests.Generator;

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
        var (sigma, rgb) = decoder.Forward(fx.Input("sampled_features"));
        fx.AssertOutput("rgb", rgb);
        fx.AssertOutput("sigma", sigma);
    }

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
        var (sigma, rgb) = decoder.Forward(features);
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
