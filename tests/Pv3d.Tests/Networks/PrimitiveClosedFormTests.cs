using Pv3d.Networks;
using Pv3d.Torch;
using static Pv3d.Tests.Networks.NetTestUtil;

namespace Pv3d.Tests.Networks;

/// <summary>bias_act, normalize_2nd_moment and the equalised-lr FC layer against C# loops.</summary>
public class PrimitiveClosedFormTests
{
    [Fact]
    public void BiasActAppliesBiasThenActivationThenGainThenClamp()
    {
        using var scope = TensorScope.Enter();
        var xs = Sample(2 * 3 * 4, 1, 3);
        var bs = new[] { 0.5, -1.0, 2.0 };
        var x = FromDoubles(xs, 2, 3, 4);
        var b = FromDoubles(bs, 3);
        var y = BiasAct.Apply(x, b, dim: 1, act: "lrelu", gain: 1.5, clamp: 2.0);
        var expected = new double[xs.Length];
        for (var i = 0; i < xs.Length; i++)
        {
            var c = i / 4 % 3;
            expected[i] = Math.Clamp(1.5 * LRelu(xs[i] + bs[c]), -2.0, 2.0);
        }
        AssertRelL2(Values(y), expected, 1e-6, "lrelu bias_act");
        // The input is left untouched even though later steps run in place.
        AssertRelL2(Values(x), xs, 1e-7, "input");
    }

    [Theory]
    [InlineData("linear", 1.0)]
    [InlineData("lrelu", 1.4142135623730951)]
    [InlineData("relu", 1.4142135623730951)]
    [InlineData("sigmoid", 1.0)]
    public void DefaultGainsFollowTheActivation(string act, double gain)
    {
        using var scope = TensorScope.Enter();
        var xs = Sample(12, 2, 2);
        var x = FromDoubles(xs, 3, 4);
        var y = BiasAct.Apply(x, null, act: act);
        var expected = xs.Select(v => gain * act switch
        {
            "linear" => v,
            "lrelu" => LRelu(v),
            "relu" => Math.Max(v, 0),
            _ => 1 / (1 + Math.Exp(-v)),
        }).ToArray();
        AssertRelL2(Values(y), expected, 1e-6, act);
    }

    [Fact]
    public void BiasActAlongTheLastDimension()
    {
        using var scope = TensorScope.Enter();
        var xs = Sample(6, 3);
        var y = BiasAct.Apply(FromDoubles(xs, 2, 3), FromDoubles([1, 2, 3], 3), dim: 1);
        var expected = xs.Select((v, i) => v + 1 + i % 3).ToArray();
        AssertRelL2(Values(y), expected, 1e-6, "bias along dim 1 of [2,3]");
        Assert.Throws<ArgumentException>(() => BiasAct.Apply(FromDoubles(xs, 2, 3), FromDoubles([1, 2], 2), dim: 1));
        Assert.Throws<ArgumentException>(() => BiasAct.Apply(FromDoubles(xs, 2, 3), null, act: "gelu-ish"));
    }

    [Fact]
    public void Normalize2ndMomentGivesUnitMeanSquare()
    {
        using var scope = TensorScope.Enter();
        var xs = Sample(3 * 5, 4, 4);
        var y = Values(Normalization.Normalize2ndMoment(FromDoubles(xs, 3, 5)));
        for (var r = 0; r < 3; r++)
        {
            var ms = Enumerable.Range(0, 5).Select(j => xs[r * 5 + j] * xs[r * 5 + j]).Average();
            for (var j = 0; j < 5; j++)
                Assert.Equal(xs[r * 5 + j] / Math.Sqrt(ms + 1e-8), y[r * 5 + j], 3e-5);
        }
    }

    [Fact]
    public void FullyConnectedUsesEqualisedLearningRateGains()
    {
        using var scope = TensorScope.Enter();
        const int n = 2, inF = 5, outF = 3;
        const double lr = 0.01;
        using var fc = new FullyConnectedLayer(inF, outF, activation: "lrelu", lrMultiplier: lr, biasInit: 0.3);
        Assert.Equal(lr / Math.Sqrt(inF), fc.WeightGain, 1e-12);
        // Initial bias is bias_init; weights are N(0, 1)/lr.
        Assert.All(Values(fc.Bias!), v => Assert.Equal(0.3, v, 6));
        var ws = Sample(outF * inF, 5, 100);
        var bs = new[] { 10.0, -20.0, 5.0 };
        Set(fc.Weight, FromDoubles(ws, outF, inF));
        Set(fc.Bias!, FromDoubles(bs, outF));
        var xs = Sample(n * inF, 6);
        var y = Values(fc.Forward(FromDoubles(xs, n, inF)));
        for (var r = 0; r < n; r++)
            for (var o = 0; o < outF; o++)
            {
                var acc = bs[o] * lr;
                for (var i = 0; i < inF; i++) acc += xs[r * inF + i] * ws[o * inF + i] * lr / Math.Sqrt(inF);
                Assert.Equal(Math.Sqrt(2) * LRelu(acc), y[r * outF + o], 3e-5);
            }
    }

    [Fact]
    public void LinearFullyConnectedIsAnAffineMap()
    {
        using var scope = TensorScope.Enter();
        using var fc = new FullyConnectedLayer(4, 2);
        var ws = Sample(8, 7);
        Set(fc.Weight, FromDoubles(ws, 2, 4));
        Set(fc.Bias!, FromDoubles([1, -1], 2));
        var xs = Sample(4, 8);
        var y = Values(fc.Forward(FromDoubles(xs, 1, 4)));
        for (var o = 0; o < 2; o++)
        {
            var acc = o == 0 ? 1.0 : -1.0;
            for (var i = 0; i < 4; i++) acc += xs[i] * ws[o * 4 + i] / 2.0;
            Assert.Equal(acc, y[o], 3e-5);
        }
    }

    [Fact]
    public void FullyConnectedWithoutBiasHasNoBiasKey()
    {
        using var fc = new FullyConnectedLayer(4, 2, bias: false, activation: "lrelu");
        Assert.Equal(["weight"], fc.StateDict().Keys);
    }
}
