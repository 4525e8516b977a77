using Pv3d.Networks;
using Pv3d.Torch;
using static Pv3d.Tests.Networks.NetTestUtil;

namespace Pv3d.Tests.Networks;

/// <summary>SynthesisLayer and ToRGBLayer: keys, noise modes and their composition from the primitives.</summary>
public class SynthesisLayerClosedFormTests
{
    [Fact]
    public void SynthesisLayerKeysFollowTheOfficialOrder()
    {
        using var layer = new SynthesisLayer(3, 4, 6, 8);
        Assert.Equal(["weight", "noise_strength", "bias", "resample_filter", "noise_const", "affine.weight", "affine.bias"],
            layer.StateDict().Keys);
        var sd = layer.StateDict();
        Assert.Equal(new long[] { 4, 3, 3, 3 }, sd["weight"].Shape);
        Assert.Equal(Array.Empty<long>(), sd["noise_strength"].Shape);
        Assert.Equal(new long[] { 8, 8 }, sd["noise_const"].Shape);
        Assert.Equal(new long[] { 3, 6 }, sd["affine.weight"].Shape);
        // The affine starts at bias 1 (styles ≈ 1), the filter is [1,3,3,1]ᵀ[1,3,3,1]/64.
        Assert.All(Values(sd["affine.bias"]), v => Assert.Equal(1.0, v, 6));
        Assert.Equal(9.0 / 64, Values(sd["resample_filter"])[5], 1e-6);
        using var noNoise = new SynthesisLayer(3, 4, 6, 8, useNoise: false);
        Assert.Equal(["weight", "bias", "resample_filter", "affine.weight", "affine.bias"], noNoise.StateDict().Keys);
    }

    [Fact]
    public void ToRgbKeysFollowTheOfficialOrder()
    {
        using var torgb = new ToRGBLayer(5, 3, 6);
        Assert.Equal(["weight", "bias", "affine.weight", "affine.bias"], torgb.StateDict().Keys);
        Assert.Equal(new long[] { 3, 5, 1, 1 }, torgb.Weight.Shape);
    }

    [Fact]
    public void ConstNoiseAddsTheScaledBufferBeforeBiasAndActivation()
    {
        using var scope = TensorScope.Enter();
        using var layer = new SynthesisLayer(3, 4, 6, 8, convClamp: 0.5);
        Set(layer.Bias, Random([4], 1));
        Set(layer.NoiseStrength!, Tensor.Scalar(0.7));
        var x = Random([2, 3, 8, 8], 2);
        var w = Random([2, 6], 3);
        var y = layer.Forward(x, w, NoiseMode.Const);

        var styles = Values(layer.Affine.Forward(w));
        var conv = Values(ModulatedConv.Apply(x, layer.Weight, FromDoubles(styles, 2, 3), padding: 1));
        var noise = Values(layer.NoiseConst!);
        var bias = Values(layer.Bias);
        var expected = conv.Select((v, i) =>
            Math.Clamp(Math.Sqrt(2) * LRelu(v + 0.7 * noise[i % 64] + bias[i / 64 % 4]), -0.5, 0.5)).ToArray();
        AssertRelL2(Values(y), expected, 1e-5, "const noise");
        Assert.Contains(Values(y), v => Math.Abs(v) == 0.5); // the clamp is active somewhere
    }

    [Fact]
    public void NoiseModesAgreeWhenTheStrengthIsZeroAndDifferOtherwise()
    {
        using var scope = TensorScope.Enter();
        using var layer = new SynthesisLayer(3, 4, 6, 8);
        var x = Random([2, 3, 8, 8], 4);
        var w = Random([2, 6], 5);
        var none = layer.Forward(x, w, NoiseMode.None);
        AssertRelL2(layer.Forward(x, w, NoiseMode.Random), none, 1e-7, "random, strength 0");
        AssertRelL2(layer.Forward(x, w, NoiseMode.Const), none, 1e-7, "const, strength 0");
        Set(layer.NoiseStrength!, Tensor.Scalar(0.5));
        var r1 = layer.Forward(x, w, NoiseMode.Random);
        var r2 = layer.Forward(x, w, NoiseMode.Random);
        Assert.True(RelL2(r1, r2) > 1e-3, "random noise changes between calls");
        AssertRelL2(layer.Forward(x, w, NoiseMode.Const), layer.Forward(x, w, NoiseMode.Const), 1e-7, "const is repeatable");
    }

    [Fact]
    public void UpsamplingLayerFusedEqualsNonFused()
    {
        using var scope = TensorScope.Enter();
        using var layer = new SynthesisLayer(3, 4, 6, 8, up: 2);
        Set(layer.NoiseStrength!, Tensor.Scalar(0.3));
        var x = Random([2, 3, 4, 4], 6);
        var w = Random([2, 6], 7);
        var fused = layer.Forward(x, w, NoiseMode.Const, fusedModconv: true);
        var nonFused = layer.Forward(x, w, NoiseMode.Const, fusedModconv: false);
        Assert.Equal(new long[] { 2, 4, 8, 8 }, fused.Shape);
        AssertRelL2(fused, nonFused, 1e-5, "SynthesisLayer up=2");
        Assert.Throws<ArgumentException>(() => layer.Forward(Random([2, 3, 8, 8], 8), w));
    }

    [Fact]
    public void ToRgbIsAnUndemodulatedStyledOneByOneConv()
    {
        using var scope = TensorScope.Enter();
        using var torgb = new ToRGBLayer(5, 3, 6, convClamp: 1.0);
        Set(torgb.Bias, Random([3], 9));
        var x = Random([2, 5, 4, 4], 10, 3);
        var w = Random([2, 6], 11);
        var y = Values(torgb.Forward(x, w, fusedModconv: false));
        var s = Values(torgb.Affine.Forward(w));
        var wt = Values(torgb.Weight);
        var b = Values(torgb.Bias);
        var xs = Values(x);
        var expected = new double[2 * 3 * 16];
        for (var n = 0; n < 2; n++)
            for (var o = 0; o < 3; o++)
                for (var p = 0; p < 16; p++)
                {
                    var acc = b[o];
                    for (var i = 0; i < 5; i++) acc += wt[o * 5 + i] * s[n * 5 + i] / Math.Sqrt(5) * xs[(n * 5 + i) * 16 + p];
                    expected[(n * 3 + o) * 16 + p] = Math.Clamp(acc, -1, 1);
                }
        AssertRelL2(y, expected, 1e-5, "ToRGB");
        AssertRelL2(Values(torgb.Forward(x, w, fusedModconv: true)), expected, 1e-5, "ToRGB fused");
    }
}
