using System.Text.Json;
using Pv3d.Networks;
using Pv3d.Torch;
using Pv3d.Torch.Modules;

namespace Pv3d.Tests.Networks;

/// <summary>
/// The StyleGAN2/PV3D layers against the official code's outputs (tests/fixtures/generator/): each case
/// builds our module with the official kwargs, checks that its state-dict keys (and their order) equal
/// the official ones, loads the official weights strictly and compares every output (relative L2 &lt; 1e-4).
/// </summary>
// Some cases rebuild their weights from seeded draws of the global generator: run them alone.
[Collection(GlobalRandomCollection.Name)]
public class NetworkFixtureTests
{
    private const double Tolerance = 1e-4;

    public static TheoryData<string> CasesOf(string className) => new(GeneratorFixture.CaseNames(className));

    public static TheoryData<string> BiasActCases() => CasesOf("bias_act");
    public static TheoryData<string> ModConvCases() => CasesOf("modulated_conv2d");
    public static TheoryData<string> NormalizeCases() => CasesOf("normalize_2nd_moment");
    public static TheoryData<string> FcCases() => CasesOf("FullyConnectedLayer");
    public static TheoryData<string> SynthesisLayerCases() => CasesOf("SynthesisLayer");
    public static TheoryData<string> ToRgbCases() => CasesOf("ToRGBLayer");
    public static TheoryData<string> FuserCases() => CasesOf("TimeConvFuser");
    public static TheoryData<string> BlockCases() => CasesOf("SynthesisBlock");
    public static TheoryData<string> SynthesisNetworkCases() => CasesOf("SynthesisNetwork");
    public static TheoryData<string> MappingCases() => CasesOf("MappingNetwork");

    [Theory]
    [MemberData(nameof(BiasActCases))]
    public void BiasActMatchesOfficial(string name)
    {
        using var scope = TensorScope.Enter();
        using var fx = GeneratorFixture.Load(name);
        var y = BiasAct.Apply(fx.Input("x"), fx.OptionalInput("b"), fx.ForwardInt("dim"), fx.ForwardString("act"),
            fx.ForwardDoubleOrNull("alpha"), fx.ForwardDoubleOrNull("gain"), fx.ForwardDoubleOrNull("clamp"));
        fx.AssertOutput("y", y, Tolerance);
    }

    [Theory]
    [MemberData(nameof(NormalizeCases))]
    public void Normalize2ndMomentMatchesOfficial(string name)
    {
        using var scope = TensorScope.Enter();
        using var fx = GeneratorFixture.Load(name);
        var y = Normalization.Normalize2ndMoment(fx.Input("x"), fx.ForwardInt("dim"), fx.ForwardDouble("eps"));
        fx.AssertOutput("y", y, Tolerance);
    }

    [Theory]
    [MemberData(nameof(ModConvCases))]
    public void ModulatedConvMatchesOfficial(string name)
    {
        using var scope = TensorScope.Enter();
        using var fx = GeneratorFixture.Load(name);
        var y = ModulatedConv.Apply(fx.Input("x"), fx.Input("weight"), fx.Input("styles"), fx.OptionalInput("noise"),
            up: IntOr(fx, "up", 1), down: IntOr(fx, "down", 1), padding: IntOr(fx, "padding", 0),
            resampleFilter: fx.OptionalInput("resample_filter"), demodulate: BoolOr(fx, "demodulate", true),
            flipWeight: BoolOr(fx, "flip_weight", true), fusedModconv: BoolOr(fx, "fused_modconv", true));
        fx.AssertOutput("y", y, Tolerance);
    }

    [Theory]
    [MemberData(nameof(FcCases))]
    public void FullyConnectedMatchesOfficial(string name)
    {
        using var scope = TensorScope.Enter();
        using var fx = GeneratorFixture.Load(name);
        using var fc = new FullyConnectedLayer(fx.InitLong("in_features"), fx.InitLong("out_features"), InitBoolOr(fx, "bias", true),
            InitStringOr(fx, "activation", "linear"), InitDoubleOr(fx, "lr_multiplier", 1), InitDoubleOr(fx, "bias_init", 0));
        Load(fx, fc);
        fx.AssertOutput("y", fc.Forward(fx.Input("x")), Tolerance);
    }

    [Theory]
    [MemberData(nameof(SynthesisLayerCases))]
    public void SynthesisLayerMatchesOfficial(string name)
    {
        using var scope = TensorScope.Enter();
        using var fx = GeneratorFixture.Load(name);
        using var layer = new SynthesisLayer(fx.InitLong("in_channels"), fx.InitLong("out_channels"), fx.InitLong("w_dim"),
            fx.InitLong("resolution"), InitIntOr(fx, "kernel_size", 3), InitIntOr(fx, "up", 1), InitBoolOr(fx, "use_noise", true),
            InitStringOr(fx, "activation", "lrelu"), fx.InitDoubleOrNull("conv_clamp"));
        Load(fx, layer);
        var y = layer.Forward(fx.Input("x"), fx.Input("w"), NoiseModeOf(fx), BoolOr(fx, "fused_modconv", true),
            fx.HasForward("gain") ? fx.ForwardDouble("gain") : 1);
        fx.AssertOutput("y", y, Tolerance);
    }

    [Theory]
    [MemberData(nameof(ToRgbCases))]
    public void ToRgbMatchesOfficial(string name)
    {
        using var scope = TensorScope.Enter();
        using var fx = GeneratorFixture.Load(name);
        using var torgb = new ToRGBLayer(fx.InitLong("in_channels"), fx.InitLong("out_channels"), fx.InitLong("w_dim"),
            InitIntOr(fx, "kernel_size", 1), fx.InitDoubleOrNull("conv_clamp"));
        Load(fx, torgb);
        fx.AssertOutput("y", torgb.Forward(fx.Input("x"), fx.Input("w"), BoolOr(fx, "fused_modconv", true)), Tolerance);
    }

    [Theory]
    [MemberData(nameof(FuserCases))]
    public void MotionLayerMatchesOfficial(string name)
    {
        using var scope = TensorScope.Enter();
        using var fx = GeneratorFixture.Load(name);
        using var fuser = new TimeConvFuser(fx.InitLong("resolution"), fx.HasInit("w_dim") ? fx.InitLong("w_dim") : 512,
            fx.HasInit("im_channels") ? fx.InitLong("im_channels") : 512, InitBoolOr(fx, "cam_cond", false),
            fx.InitDoubleOrNull("conv_clamp"));
        Load(fx, fuser);
        var y = fuser.Forward(fx.Input("x"), fx.OptionalInput("ws"), fx.Input("z_motion"), fx.Input("Ts"), fx.OptionalInput("camera"),
            NoiseModeOf(fx), BoolOr(fx, "fused_modconv", true));
        fx.AssertOutput("y", y, Tolerance);
    }

    [Theory]
    [MemberData(nameof(BlockCases))]
    public void SynthesisBlockMatchesOfficial(string name)
    {
        using var scope = TensorScope.Enter();
        using var fx = GeneratorFixture.Load(name);
        using var block = new SynthesisBlock(fx.InitLong("in_channels"), fx.InitLong("out_channels"), fx.InitLong("w_dim"),
            fx.InitLong("resolution"), fx.InitLong("img_channels"), fx.InitBool("is_last"), InitStringOr(fx, "architecture", "skip"),
            fx.HasInit("conv_clamp") ? fx.InitDoubleOrNull("conv_clamp") : 256, InitBoolOr(fx, "use_fp16", false),
            FusedDefaultOf(fx), InitBoolOr(fx, "fuse_motion_time", false));
        Load(fx, block);
        block.Train(fx.Training);
        var (x, img) = block.Forward(fx.OptionalInput("x"), fx.OptionalInput("img"), fx.Input("ws"), fx.OptionalInput("z_motion"),
            fx.OptionalInput("Ts"), NoiseModeOf(fx), FusedOverrideOf(fx));
        fx.AssertOutput("x", x, Tolerance);
        fx.AssertOutput("img", img!, Tolerance);
    }

    [Theory]
    [MemberData(nameof(SynthesisNetworkCases))]
    public void SynthesisNetworkMatchesOfficial(string name)
    {
        using var scope = TensorScope.Enter();
        using var fx = GeneratorFixture.Load(name);
        using var net = new SynthesisNetwork(fx.InitLong("w_dim"), fx.InitLong("img_resolution"), fx.InitLong("img_channels"),
            fx.HasInit("channel_base") ? fx.InitLong("channel_base") : 32768, fx.HasInit("channel_max") ? fx.InitLong("channel_max") : 512,
            InitIntOr(fx, "num_fp16_res", 4), fx.HasInit("conv_clamp") ? fx.InitDoubleOrNull("conv_clamp") : 256, FusedDefaultOf(fx),
            InitStringOr(fx, "architecture", "skip"));
        Load(fx, net);
        net.Train(fx.Training);
        Assert.Equal(fx.Input("ws").Size(1), net.NumWs);
        var img = net.Forward(fx.Input("ws"), fx.Input("z_motion"), fx.Input("Ts"), NoiseModeOf(fx), FusedOverrideOf(fx));
        fx.AssertOutput("img", img, Tolerance);
    }

    [Theory]
    [MemberData(nameof(MappingCases))]
    public void MappingNetworkMatchesOfficial(string name)
    {
        using var scope = TensorScope.Enter();
        using var fx = GeneratorFixture.Load(name);
        using var mapping = new MappingNetwork(fx.InitLong("z_dim"), fx.InitLong("c_dim"), fx.InitLong("w_dim"),
            fx.InitDoubleOrNull("num_ws") is double numWs ? (long)numWs : null, InitIntOr(fx, "num_layers", 8),
            fx.InitDoubleOrNull("embed_features") is double e ? (long)e : null,
            fx.InitDoubleOrNull("layer_features") is double l ? (long)l : null, InitStringOr(fx, "activation", "lrelu"),
            InitDoubleOr(fx, "lr_multiplier", 0.01), fx.HasInit("w_avg_beta") ? fx.InitDoubleOrNull("w_avg_beta") : 0.998);
        Load(fx, mapping);
        var cutoff = fx.ForwardDoubleOrNull("truncation_cutoff");
        var ws = mapping.Forward(fx.Input("z"), fx.Input("c"), fx.HasForward("truncation_psi") ? fx.ForwardDouble("truncation_psi") : 1,
            cutoff is double cut ? (int)cut : null, BoolOr(fx, "update_emas", false));
        fx.AssertOutput("ws", ws, Tolerance);
        if (fx.OutputNames.Contains("w_avg")) fx.AssertOutput("w_avg", mapping.WAvg!, Tolerance);
    }

    // ---- helpers ---------------------------------------------------------------------------

    /// <summary>Same keys in the same order as the official module, then a strict load of its weights.</summary>
    private static void Load(GeneratorFixture fx, Module module)
    {
        Assert.Equal(fx.Params.Keys, module.StateDict().Keys);
        module.LoadStateDict(fx.Params, strict: true);
    }

    private static NoiseMode NoiseModeOf(GeneratorFixture fx) =>
        fx.HasForward("noise_mode") ? NoiseModes.Parse(fx.ForwardString("noise_mode")) : NoiseMode.Random;

    private static FusedModconvMode FusedDefaultOf(GeneratorFixture fx)
    {
        if (!fx.HasInit("fused_modconv_default")) return FusedModconvMode.Fused;
        var v = fx.Init.GetProperty("fused_modconv_default");
        return v.ValueKind switch
        {
            JsonValueKind.True => FusedModconvMode.Fused,
            JsonValueKind.False => FusedModconvMode.NonFused,
            _ => FusedModconvModes.Parse(v.GetString()!),
        };
    }

    private static bool? FusedOverrideOf(GeneratorFixture fx) => fx.HasForward("fused_modconv") ? fx.ForwardBool("fused_modconv") : null;

    private static int IntOr(GeneratorFixture fx, string key, int fallback) => fx.HasForward(key) ? fx.ForwardInt(key) : fallback;
    private static bool BoolOr(GeneratorFixture fx, string key, bool fallback) => fx.HasForward(key) ? fx.ForwardBool(key) : fallback;
    private static int InitIntOr(GeneratorFixture fx, string key, int fallback) => fx.HasInit(key) ? fx.InitInt(key) : fallback;
    private static bool InitBoolOr(GeneratorFixture fx, string key, bool fallback) => fx.HasInit(key) ? fx.InitBool(key) : fallback;
    private static double InitDoubleOr(GeneratorFixture fx, string key, double fallback) => fx.HasInit(key) ? fx.InitDouble(key) : fallback;
    private static string InitStringOr(GeneratorFixture fx, string key, string fallback) => fx.HasInit(key) ? fx.InitString(key) : fallback;
}
