using System.Text.Json;
using Pv3d.Networks;
using Pv3d.Torch;
using Pv3d.Torch.Modules;

namespace Pv3d.Tests.Networks;

public class SuperresolutionTests
{
    /// <summary>The official state-dict keys of a case, in the official order.</summary>
    internal static IEnumerable<string> OfficialKeys(GeneratorFixture fx) =>
        fx.Case.GetProperty("weights").GetProperty("keys").EnumerateArray().Select(e => e[0].GetString()!).ToList();

    private static Superresolution Build(GeneratorFixture fx) =>
        SuperresolutionFactory.Create(fx.Case.GetProperty("official").GetString()!, fx.InitLong("channels"),
            fx.InitLong("img_resolution"), fx.InitInt("sr_num_fp16_res"), fx.InitBool("sr_antialias"),
            FusedModconvModes.Parse(fx.InitString("fused_modconv_default")));

    private static void SetMode(Module m, GeneratorFixture fx)
    {
        if (fx.Training) m.Train();
        else m.Eval();
    }

    [Theory]
    [InlineData("sr_hybrid2x")]
    [InlineData("sr_hybrid2x_down")]
    [InlineData("sr_hybrid4x")]
    [InlineData("sr_hybrid8x")]
    [InlineData("sr_hybrid8xdc")]
    public void MatchesOfficialNetwork(string name)
    {
        using var scope = TensorScope.Enter();
        using var fx = GeneratorFixture.Load(name);
        using var sr = Build(fx);
        Assert.Equal(fx.ClassName, sr.GetType().Name);
        SetMode(sr, fx);
        sr.LoadStateDict(fx.Params);
        using var noGrad = Pv3d.Torch.Autograd.NoGrad();
        var img = sr.Forward(fx.Input("rgb"), fx.Input("x"), fx.Input("ws"), NoiseModes.Parse(fx.ForwardString("noise_mode")));
        fx.AssertOutput("img", img);
    }

    [Theory]
    [InlineData("sr_hybrid2x")]
    [InlineData("sr_hybrid4x")]
    [InlineData("sr_hybrid8x")]
    [InlineData("sr_hybrid8xdc")]
    public void StateDictKeysFollowOfficialOrder(string name)
    {
        using var fx = GeneratorFixture.Load(name);
        using var sr = Build(fx);
        Assert.Equal(OfficialKeys(fx), sr.StateDict().Keys);
    }

    [Fact]
    public void NonFusedTrainingModeAgreesWithTheFusedOfficialOutput()
    {
        // 'inference_only' runs the non-fused modulated convolution in training mode; both forms
        // compute the same function, so the eval-mode fixture still holds.
        using var scope = TensorScope.Enter();
        using var fx = GeneratorFixture.Load("sr_hybrid2x");
        using var sr = Build(fx);
        sr.Train();
        sr.LoadStateDict(fx.Params);
        using var noGrad = Pv3d.Torch.Autograd.NoGrad();
        var img = sr.Forward(fx.Input("rgb"), fx.Input("x"), fx.Input("ws"), NoiseMode.None);
        fx.AssertOutput("img", img);
    }

    [Fact]
    public void NoUpBlockMatchesOfficialBlock()
    {
        using var scope = TensorScope.Enter();
        using var fx = GeneratorFixture.Load("synthesis_block_noup");
        Assert.False(fx.InitBool("is_last"));
        using var block = new SynthesisBlockNoUp(fx.InitLong("in_channels"), fx.InitLong("out_channels"), fx.InitLong("w_dim"),
            fx.InitLong("resolution"), fx.InitLong("img_channels"), fx.InitDoubleOrNull("conv_clamp"),
            FusedModconvModes.Parse(fx.InitString("fused_modconv_default")));
        SetMode(block, fx);
        Assert.Equal(OfficialKeys(fx), block.StateDict().Keys);
        block.LoadStateDict(fx.Params);
        using var noGrad = Pv3d.Torch.Autograd.NoGrad();
        var (x, img) = block.Forward(fx.Input("x"), fx.Input("img"), fx.Input("ws"), NoiseModes.Parse(fx.ForwardString("noise_mode")));
        fx.AssertOutput("x", x);
        fx.AssertOutput("img", img);
    }

    [Fact]
    public void FactoryAcceptsPv3dAndEg3dClassPaths()
    {
        using var a = SuperresolutionFactory.Create("lib.models.videg3d.networks.superresolution.SuperresolutionHybrid2X", 32, 128, 4, true);
        using var b = SuperresolutionFactory.Create("training.superresolution.SuperresolutionHybrid4X", 32, 256, 0, false);
        Assert.IsType<SuperresolutionHybrid2X>(a);
        Assert.Equal(256.0, a.ConvClamp);
        Assert.IsType<SuperresolutionHybrid4X>(b);
        Assert.Null(b.ConvClamp);
    }

    [Fact]
    public void FactoryNamesAnUnknownModuleAndListsTheKnownOnes()
    {
        var e = Assert.Throws<Pv3dException>(() =>
            SuperresolutionFactory.Create("lib.models.videg3d.networks.superresolution.SuperresolutionHybrid16X", 32, 512, 4, true));
        Assert.Contains("SuperresolutionHybrid16X", e.Message);
        Assert.Contains("lib.models.videg3d.networks.superresolution.SuperresolutionHybrid8XDC", e.Message);
        Assert.Contains("training.superresolution.SuperresolutionHybrid2X", e.Message);
    }

    [Fact]
    public void RejectsAnImageResolutionTheNetworkCannotProduce()
    {
        var e = Assert.Throws<Pv3dException>(() =>
            SuperresolutionFactory.Create("lib.models.videg3d.networks.superresolution.SuperresolutionHybrid8XDC", 32, 256, 4, true));
        Assert.Contains("512", e.Message);
        Assert.Contains("256", e.Message);
    }
}
