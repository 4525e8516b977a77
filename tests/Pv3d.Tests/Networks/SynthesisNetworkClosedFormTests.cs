using Pv3d.Networks;
using Pv3d.Torch;
using static Pv3d.Tests.Networks.NetTestUtil;

namespace Pv3d.Tests.Networks;

/// <summary>Motion layer, blocks and the synthesis network: keys, ws bookkeeping and wiring.</summary>
public class SynthesisNetworkClosedFormTests
{
    private const long WDim = 8, ZmDim = 512;

    // A tiny backbone: blocks b4 (8 ch), b8 (8 ch), b16 (4 ch), 6 image channels.
    private static SynthesisNetwork Tiny(FusedModconvMode fused = FusedModconvMode.Fused) =>
        new(WDim, 16, 6, channelBase: 64, channelMax: 8, numFp16Res: 0, convClamp: null, fusedModconvDefault: fused);

    private static IEnumerable<string> LayerKeys(string p) =>
        new[] { "weight", "noise_strength", "bias", "resample_filter", "noise_const", "affine.weight", "affine.bias" }.Select(k => p + k);

    private static IEnumerable<string> FuserKeys(string p) =>
        new[] { "affine.weight", "affine.bias", "motion_mlp.0.weight", "motion_mlp.0.bias", "motion_mlp.1.weight", "motion_mlp.1.bias" }
            .Select(k => p + k).Concat(LayerKeys(p + "conv."));

    private static IEnumerable<string> ToRgbKeys(string p) => new[] { "weight", "bias", "affine.weight", "affine.bias" }.Select(k => p + k);

    [Fact]
    public void KeysChannelsAndNumWsFollowTheOfficialLayout()
    {
        using var net = Tiny();
        var expected = new List<string> { "b4.const", "b4.resample_filter" };
        expected.AddRange(FuserKeys("b4.motion_time_fuser."));
        expected.AddRange(LayerKeys("b4.conv1."));
        expected.AddRange(ToRgbKeys("b4.torgb."));
        foreach (var res in new[] { 8, 16 })
        {
            expected.Add($"b{res}.resample_filter");
            expected.AddRange(LayerKeys($"b{res}.conv0."));
            expected.AddRange(FuserKeys($"b{res}.motion_time_fuser."));
            expected.AddRange(LayerKeys($"b{res}.conv1."));
            expected.AddRange(ToRgbKeys($"b{res}.torgb."));
        }
        var sd = net.StateDict();
        Assert.Equal(expected, sd.Keys);
        Assert.Equal(6, net.NumWs); // 1 + 2 + 2 convs + the last ToRGB
        Assert.Equal(new long[] { 8, 4, 4 }, sd["b4.const"].Shape);
        Assert.Equal(new long[] { 4, 8, 3, 3 }, sd["b16.conv0.weight"].Shape);
        Assert.Equal(new long[] { 8, 8 }, sd["b16.conv0.affine.weight"].Shape);
        Assert.Equal(new long[] { 6, 4, 1, 1 }, sd["b16.torgb.weight"].Shape);
        // The motion layer keeps its own w_dim of 512 and works on the block's output channels.
        Assert.Equal(new long[] { 512, 512 }, sd["b8.motion_time_fuser.affine.weight"].Shape);
        Assert.Equal(new long[] { 4, 512 }, sd["b16.motion_time_fuser.conv.affine.weight"].Shape);
        Assert.Equal(new long[] { 16, 16 }, sd["b16.motion_time_fuser.conv.noise_const"].Shape);
    }

    [Fact]
    public void MotionLayersStopAboveResolution32()
    {
        using var net = new SynthesisNetwork(WDim, 64, 3, channelBase: 64, channelMax: 4);
        Assert.Equal(10, net.NumWs); // 1 + 4·2 + 1
        Assert.Equal([true, true, true, true, false], net.BlockResolutions.Select(r => net.Block(r).FuseMotionTime));
        Assert.DoesNotContain(net.StateDict().Keys, k => k.StartsWith("b64.motion", StringComparison.Ordinal));
    }

    [Fact]
    public void MotionLayerAddsAStyledConvOfTheTimeScaledMotionCode()
    {
        using var scope = TensorScope.Enter();
        using var fuser = new TimeConvFuser(4, imChannels: 3);
        Set(fuser.Conv.NoiseStrength!, Tensor.Scalar(0.2));
        var x = Random([2, 3, 4, 4], 1);
        var z = Random([2, ZmDim], 2);
        var t = FromDoubles([0.25, 0.75], 2, 1);
        var y = fuser.Forward(x, null, z, t, noiseMode: NoiseMode.Const);

        // m = √2·lrelu((t·z)Aᵀ/√512 + a); m = √2·lrelu(m W0ᵀ/√512 + b0); m = m W1ᵀ/√512 + b1.
        Tensor Fc(Tensor input, FullyConnectedLayer layer, bool lrelu)
        {
            var pre = input.Matmul(layer.Weight.T()) / Math.Sqrt(512) + layer.Bias!;
            return lrelu ? pre.LeakyRelu(0.2) * Math.Sqrt(2) : pre;
        }
        var mlp = fuser.MotionMlp;
        var m = Fc(z * t, fuser.Affine, true);
        m = Fc(m, (FullyConnectedLayer)mlp[0], true);
        m = Fc(m, (FullyConnectedLayer)mlp[1], false);
        var expected = x + fuser.Conv.Forward(x, m, NoiseMode.Const);
        AssertRelL2(y, expected, 1e-5, "motion layer");

        // Any time shape with one value per row works; the time really matters.
        AssertRelL2(fuser.Forward(x, null, z, FromDoubles([0.25, 0.75], 2), noiseMode: NoiseMode.Const), y, 1e-7, "Ts [N]");
        AssertRelL2(fuser.Forward(x, null, z, FromDoubles([0.25, 0.75], 2, 1, 1, 1), noiseMode: NoiseMode.Const), y, 1e-7, "Ts [N,1,1,1]");
        Assert.True(RelL2(fuser.Forward(x, null, z, FromDoubles([0.5, 0.75], 2, 1), noiseMode: NoiseMode.Const), y) > 1e-4);
        Assert.Throws<ArgumentException>(() => fuser.Forward(x, null, z, FromDoubles([0.5], 1)));
    }

    [Fact]
    public void WsAreSplitWithSharedBoundariesBetweenBlocks()
    {
        using var scope = TensorScope.Enter();
        using var net = Tiny();
        var ws = Random([2, 6, WDim], 3);
        var zm = Random([2, ZmDim], 4);
        var t = FromDoubles([0.1, 0.9], 2, 1);
        var img = net.Forward(ws, zm, t, NoiseMode.Const);
        Assert.Equal(new long[] { 2, 6, 16, 16 }, img.Shape);

        // The official table: b4 takes ws 0..1, b8 takes 1..3, b16 takes 3..5.
        var (x4, i4) = net.Block(4).Forward(null, null, ws.Narrow(1, 0, 2), zm, t, NoiseMode.Const);
        var (x8, i8) = net.Block(8).Forward(x4, i4, ws.Narrow(1, 1, 3), zm, t, NoiseMode.Const);
        var (_, i16) = net.Block(16).Forward(x8, i8, ws.Narrow(1, 3, 3), zm, t, NoiseMode.Const);
        AssertRelL2(img, i16!, 1e-6, "chained blocks");

        // The last w feeds only the last ToRGB, and it is used.
        var ws2 = ws.Clone();
        Set(ws2.Narrow(1, 5, 1), Random([2, 1, WDim], 5));
        Assert.True(RelL2(net.Forward(ws2, zm, t, NoiseMode.Const), img) > 1e-4);
        Assert.Throws<ArgumentException>(() => net.Forward(Random([2, 5, WDim], 6), zm, t));
    }

    [Fact]
    public void FusedAndNonFusedNetworksAgreeAndInferenceOnlyFollowsTheMode()
    {
        using var scope = TensorScope.Enter();
        using var net = Tiny(FusedModconvMode.InferenceOnly);
        var ws = Random([2, 6, WDim], 7);
        var zm = Random([2, ZmDim], 8);
        var t = FromDoubles([0.3, 0.6], 2, 1);
        var fused = net.Forward(ws, zm, t, NoiseMode.Const, fusedModconv: true);
        var nonFused = net.Forward(ws, zm, t, NoiseMode.Const, fusedModconv: false);
        AssertRelL2(fused, nonFused, 1e-5, "fused vs non-fused network");

        Assert.False(net.Block(8).ResolveFusedModconv(null)); // modules start in training mode
        net.Eval();
        Assert.True(net.Block(8).ResolveFusedModconv(null));
        Assert.False(net.Block(8).ResolveFusedModconv(false));
        using var always = new SynthesisBlock(0, 4, WDim, 4, 3, isLast: true);
        Assert.True(always.ResolveFusedModconv(null));
    }

    [Fact]
    public void ForwardLeavesOnlyItsResultInTheCallersScope()
    {
        using var inputs = TensorScope.Enter();
        using var net = Tiny();
        var ws = Random([1, 6, WDim], 9);
        var zm = Random([1, ZmDim], 10);
        var t = FromDoubles([0.5], 1, 1);
        using var call = TensorScope.Enter();
        var img = net.Forward(ws, zm, t, NoiseMode.Random);
        Assert.Equal(1, call.Count);
        Assert.False(img.IsDisposed);
    }

    [Fact]
    public void OrigArchitectureHasToRgbOnlyInTheLastBlock()
    {
        using var net = new SynthesisNetwork(WDim, 8, 3, channelBase: 32, channelMax: 4, architecture: "orig");
        Assert.Null(net.Block(4).ToRgb);
        Assert.NotNull(net.Block(8).ToRgb);
        Assert.Equal(4, net.NumWs);
        Assert.Throws<Pv3dException>(() => new SynthesisNetwork(WDim, 8, 3, architecture: "resnet"));
    }
}
