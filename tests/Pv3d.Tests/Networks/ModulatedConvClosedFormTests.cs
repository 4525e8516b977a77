using Pv3d.Networks;
using Pv3d.Torch;
using static Pv3d.Tests.Networks.NetTestUtil;

namespace Pv3d.Tests.Networks;

/// <summary>Modulated convolution and conv2d_resample against direct sums and the defining FIR composition.</summary>
public class ModulatedConvClosedFormTests
{
    private const int N = 2, I = 3, O = 4, H = 5, K = 3;

    /// <summary>y[n,o,h,w] = d[n,o]·Σ W[o,i,ky,kx]·s[n,i]·x[n,i,h+ky−1,w+kx−1] (+ noise), d = demodulation.</summary>
    private static double[] DirectModConv(double[] x, double[] w, double[] s, bool demodulate, double[]? noise)
    {
        var y = new double[N * O * H * H];
        for (var n = 0; n < N; n++)
            for (var o = 0; o < O; o++)
            {
                var d = 1.0;
                if (demodulate)
                {
                    var sq = 0.0;
                    for (var i = 0; i < I; i++)
                        for (var k = 0; k < K * K; k++)
                            sq += Math.Pow(w[(o * I + i) * K * K + k] * s[n * I + i], 2);
                    d = 1 / Math.Sqrt(sq + 1e-8);
                }
                for (var r = 0; r < H; r++)
                    for (var c = 0; c < H; c++)
                    {
                        var acc = 0.0;
                        for (var i = 0; i < I; i++)
                            for (var ky = 0; ky < K; ky++)
                                for (var kx = 0; kx < K; kx++)
                                {
                                    int rr = r + ky - 1, cc = c + kx - 1;
                                    if (rr < 0 || rr >= H || cc < 0 || cc >= H) continue;
                                    acc += w[((o * I + i) * K + ky) * K + kx] * s[n * I + i] * x[((n * I + i) * H + rr) * H + cc];
                                }
                        var idx = ((n * O + o) * H + r) * H + c;
                        y[idx] = acc * d + (noise?[r * H + c] ?? 0);
                    }
            }
        return y;
    }

    [Theory]
    [InlineData(true, true, false)]
    [InlineData(false, true, false)]
    [InlineData(true, false, false)]
    [InlineData(false, false, false)]
    [InlineData(true, true, true)]
    [InlineData(false, true, true)]
    public void MatchesTheDirectSum(bool fused, bool demodulate, bool withNoise)
    {
        using var scope = TensorScope.Enter();
        var x = Sample(N * I * H * H, 11);
        var w = Sample(O * I * K * K, 12);
        var s = Sample(N * I, 13, 2);
        var noise = withNoise ? Sample(H * H, 14) : null;
        var y = ModulatedConv.Apply(FromDoubles(x, N, I, H, H), FromDoubles(w, O, I, K, K), FromDoubles(s, N, I),
            noise is null ? null : FromDoubles(noise, H, H), padding: 1, demodulate: demodulate, fusedModconv: fused);
        Assert.Equal(new long[] { N, O, H, H }, y.Shape);
        AssertRelL2(Values(y), DirectModConv(x, w, s, demodulate, noise), 1e-5, $"fused={fused} demod={demodulate}");
    }

    [Fact]
    public void DemodulationMakesEveryOutputChannelsWeightUnitNorm()
    {
        // With a 1×1 kernel and a one-hot input, output o of sample n reads one entry of the
        // demodulated weight: collecting them over every input channel gives the whole row.
        using var scope = TensorScope.Enter();
        var w = FromDoubles(Sample(O * I, 21, 3), O, I, 1, 1);
        var s = FromDoubles(Sample(N * I, 22, 2), N, I);
        var rows = new double[N, O];
        for (var i = 0; i < I; i++)
        {
            var x = new double[N * I];
            for (var n = 0; n < N; n++) x[n * I + i] = 1;
            var y = Values(ModulatedConv.Apply(FromDoubles(x, N, I, 1, 1), w, s));
            for (var n = 0; n < N; n++)
                for (var o = 0; o < O; o++)
                    rows[n, o] += y[n * O + o] * y[n * O + o];
        }
        foreach (var sq in rows) Assert.Equal(1.0, sq, 3e-5);
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void UpsamplingFusedEqualsNonFused(bool demodulate)
    {
        using var scope = TensorScope.Enter();
        var f = Functional.SetupFilter([1, 3, 3, 1]);
        var x = Random([N, I, 4, 4], 31);
        var w = Random([O, I, 3, 3], 32);
        var s = Random([N, I], 33, 2);
        var noise = Random([N, 1, 8, 8], 34);
        var fused = ModulatedConv.Apply(x, w, s, noise, up: 2, padding: 1, resampleFilter: f, demodulate: demodulate,
            flipWeight: false, fusedModconv: true);
        var nonFused = ModulatedConv.Apply(x, w, s, noise, up: 2, padding: 1, resampleFilter: f, demodulate: demodulate,
            flipWeight: false, fusedModconv: false);
        Assert.Equal(new long[] { N, O, 8, 8 }, fused.Shape);
        AssertRelL2(fused, nonFused, 1e-5, "up=2 fused vs non-fused");
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    public void UpsamplingConvEqualsZeroInsertFilterThenConvolve(int groups)
    {
        // The definition behind the transposed-convolution fast path: upfirdn2d(x, f, up=2, pad, gain=4)
        // followed by a true convolution (flip_weight=False) without padding.
        using var scope = TensorScope.Enter();
        var f = Functional.SetupFilter([1, 3, 3, 1]);
        var x = Random([1, 2 * groups, 4, 4], 41);
        var w = Random([3 * groups, 2, 3, 3], 42);
        var fast = Conv2dResample.Apply(x, w, f, up: 2, padding: 1, groups: groups, flipWeight: false);
        var upsampled = Functional.Upfirdn2d(x, f, up: 2, padding: (3, 2, 3, 2), gain: 4);
        var reference = Functional.Conv2d(upsampled, w.Flip(2, 3), groups: groups);
        Assert.Equal(new long[] { 1, 3 * groups, 8, 8 }, fast.Shape);
        AssertRelL2(fast, reference, 1e-5, "conv2d_resample up=2");
    }

    [Fact]
    public void DownsamplingConvEqualsFilterThenStridedConv()
    {
        using var scope = TensorScope.Enter();
        var f = Functional.SetupFilter([1, 3, 3, 1]);
        var x = Random([1, 2, 8, 8], 51);
        var w = Random([3, 2, 3, 3], 52);
        var y = Conv2dResample.Apply(x, w, f, down: 2, padding: 1);
        // Generic definition: pad and filter, convolve at full resolution, keep every second pixel.
        var filtered = Functional.Upfirdn2d(x, f, padding: 2);
        var full = Functional.Conv2d(filtered, w);
        var reference = full.Slice(2, 0, null, 2).Slice(3, 0, null, 2);
        Assert.Equal(new long[] { 1, 3, 4, 4 }, y.Shape);
        AssertRelL2(y, reference, 1e-5, "conv2d_resample down=2");
    }

    [Fact]
    public void PlainConvIsACorrelationOrAConvolution()
    {
        using var scope = TensorScope.Enter();
        var x = Random([1, 2, 5, 5], 61);
        var w = Random([3, 2, 3, 3], 62);
        AssertRelL2(Conv2dResample.Apply(x, w, padding: 1), Functional.Conv2d(x, w, padding: 1), 1e-6, "correlation");
        AssertRelL2(Conv2dResample.Apply(x, w, padding: 1, flipWeight: false), Functional.Conv2d(x, w.Flip(2, 3), padding: 1), 1e-6,
            "convolution");
    }
}
