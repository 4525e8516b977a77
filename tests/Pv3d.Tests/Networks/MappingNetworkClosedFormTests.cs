using Pv3d.Networks;
using Pv3d.Torch;
using static Pv3d.Tests.Networks.NetTestUtil;

namespace Pv3d.Tests.Networks;

/// <summary>Mapping network (direct computation, truncation, w_avg tracking) and the backbone wrapper.</summary>
public class MappingNetworkClosedFormTests
{
    private const int ZDim = 3, CDim = 2, WDim = 4, NumWs = 5, N = 2;

    private static MappingNetwork Tiny() => new(ZDim, CDim, WDim, NumWs, numLayers: 2);

    private static double[] Normalize(double[] v)
    {
        var ms = v.Select(a => a * a).Average();
        return v.Select(a => a / Math.Sqrt(ms + 1e-8)).ToArray();
    }

    private static double[] Fc(double[] x, double[] w, double[] b, int outF, double lr, bool lrelu)
    {
        var inF = x.Length;
        var y = new double[outF];
        for (var o = 0; o < outF; o++)
        {
            var acc = b[o] * lr;
            for (var i = 0; i < inF; i++) acc += x[i] * w[o * inF + i] * lr / Math.Sqrt(inF);
            y[o] = lrelu ? Math.Sqrt(2) * LRelu(acc) : acc;
        }
        return y;
    }

    [Fact]
    public void KeysPutTheAverageFirst()
    {
        using var mapping = Tiny();
        Assert.Equal(["w_avg", "embed.weight", "embed.bias", "fc0.weight", "fc0.bias", "fc1.weight", "fc1.bias"], mapping.StateDict().Keys);
        var sd = mapping.StateDict();
        Assert.Equal(new long[] { WDim, ZDim + WDim }, sd["fc0.weight"].Shape);
        Assert.Equal(new long[] { WDim, CDim }, sd["embed.weight"].Shape);
        using var noLabel = new MappingNetwork(ZDim, 0, WDim, null, numLayers: 1);
        Assert.Equal(["fc0.weight", "fc0.bias"], noLabel.StateDict().Keys);
    }

    [Fact]
    public void ComputesNormalisedEmbeddingThenLayersAndBroadcasts()
    {
        using var scope = TensorScope.Enter();
        using var mapping = Tiny();
        var sd = mapping.StateDict();
        foreach (var (name, seed) in new[] { ("embed.bias", 1), ("fc0.bias", 2), ("fc1.bias", 3) })
            Set(sd[name], Random(sd[name].Shape, seed, 50));
        var z = Sample(N * ZDim, 4, 2);
        var c = Sample(N * CDim, 5, 2);
        var ws = Values(mapping.Forward(FromDoubles(z, N, ZDim), FromDoubles(c, N, CDim)));
        var p = sd.ToDictionary(kv => kv.Key, kv => Values(kv.Value));
        for (var n = 0; n < N; n++)
        {
            var e = Fc(c.Skip(n * CDim).Take(CDim).ToArray(), p["embed.weight"], p["embed.bias"], WDim, 1, false);
            var x = Normalize(z.Skip(n * ZDim).Take(ZDim).ToArray()).Concat(Normalize(e)).ToArray();
            x = Fc(x, p["fc0.weight"], p["fc0.bias"], WDim, 0.01, true);
            x = Fc(x, p["fc1.weight"], p["fc1.bias"], WDim, 0.01, true);
            for (var k = 0; k < NumWs; k++)
                for (var j = 0; j < WDim; j++)
                    Assert.Equal(x[j], ws[(n * NumWs + k) * WDim + j], 3e-5);
        }
    }

    [Fact]
    public void TruncationInterpolatesTowardsTheAverage()
    {
        using var scope = TensorScope.Enter();
        using var mapping = Tiny();
        var avg = Sample(WDim, 6, 3);
        Set(mapping.WAvg!, FromDoubles(avg, WDim));
        var z = Random([N, ZDim], 7);
        var c = Random([N, CDim], 8);
        var w = Values(mapping.Forward(z, c));
        AssertRelL2(Values(mapping.Forward(z, c, truncationPsi: 1, truncationCutoff: 2)), w, 1e-7, "psi 1 is the identity");
        var atAvg = Values(mapping.Forward(z, c, truncationPsi: 0));
        for (var i = 0; i < atAvg.Length; i++) Assert.Equal(avg[i % WDim], atAvg[i], 1e-6);

        var cut = Values(mapping.Forward(z, c, truncationPsi: 0.5, truncationCutoff: 2));
        for (var i = 0; i < cut.Length; i++)
        {
            var k = i / WDim % NumWs;
            var expected = k < 2 ? avg[i % WDim] + 0.5 * (w[i] - avg[i % WDim]) : w[i];
            Assert.Equal(expected, cut[i], 3e-5);
        }
    }

    [Fact]
    public void UpdateEmasMovesTheAverageTowardsTheBatchMean()
    {
        using var scope = TensorScope.Enter();
        using var mapping = new MappingNetwork(ZDim, CDim, WDim, NumWs, numLayers: 2, wAvgBeta: 0.9);
        var old = Sample(WDim, 9);
        Set(mapping.WAvg!, FromDoubles(old, WDim));
        var z = Random([N, ZDim], 10);
        var c = Random([N, CDim], 11);
        var w = Values(mapping.Forward(z, c));
        AssertRelL2(Values(mapping.WAvg!), old, 1e-7, "no update without update_emas");
        mapping.Forward(z, c, updateEmas: true);
        var updated = Values(mapping.WAvg!);
        for (var j = 0; j < WDim; j++)
        {
            var mean = (w[j] + w[NumWs * WDim + j]) / 2;
            Assert.Equal(mean + 0.9 * (old[j] - mean), updated[j], 3e-5);
        }
    }

    [Fact]
    public void BackboneRegistersSynthesisBeforeMappingAndTheirShapesChain()
    {
        using var scope = TensorScope.Enter();
        using var backbone = new StyleGan2Backbone(ZDim, CDim, 8, 8, 6,
            new MappingOptions { NumLayers = 2 },
            new SynthesisOptions { ChannelBase = 32, ChannelMax = 8, NumFp16Res = 0, ConvClamp = null });
        var keys = backbone.StateDict().Keys.ToList();
        Assert.StartsWith("synthesis.b4.", keys[0]);
        Assert.Equal("mapping.w_avg", keys.First(k => k.StartsWith("mapping.", StringComparison.Ordinal)));
        Assert.True(keys.FindLastIndex(k => k.StartsWith("synthesis.", StringComparison.Ordinal)) < keys.IndexOf("mapping.w_avg"));
        Assert.Equal(4, backbone.NumWs);
        Assert.Equal(4, backbone.Mapping.NumWs);

        var z = Random([1, ZDim], 12);
        var c = Random([1, CDim], 13);
        var zm = Random([1, 512], 14);
        var t = FromDoubles([0.5], 1, 1);
        var ws = backbone.Mapping.Forward(z, c);
        Assert.Equal(new long[] { 1, backbone.NumWs, 8 }, ws.Shape);
        var img = backbone.Synthesis.Forward(ws, zm, t, NoiseMode.Const);
        Assert.Equal(new long[] { 1, 6, 8, 8 }, img.Shape);
        Assert.True(img.Abs().Max().Item() > 0);
    }
}
