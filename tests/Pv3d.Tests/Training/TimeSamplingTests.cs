using Pv3d.Torch;
using Pv3d.Training;

namespace Pv3d.Tests.Training;

[Collection(GlobalRandomCollection.Name)]
public class TimeSamplingTests
{
    [Fact]
    public void InverseCdfsInvertTheBetaCdfs()
    {
        foreach (var u in new[] { 0.0, 0.1, 0.25, 0.5, 0.9, 1.0 })
        {
            var a = TimeSampling.Beta21(u);
            Assert.Equal(u, a * a, 12);                     // CDF of Beta(2,1): x²
            var b = TimeSampling.Beta12(u);
            Assert.Equal(u, 1 - (1 - b) * (1 - b), 12);     // CDF of Beta(1,2): 1 − (1−x)²
        }
    }

    [Fact]
    public void SampledTimesAreSortedAndFollowTheMinMaxOfTheTwoBetas()
    {
        using var scope = TensorScope.Enter();
        TorchRandom.ManualSeed(3);
        const int n = 20_000;
        var ts = TimeSampling.SampleTimes(n);
        Assert.Equal(new long[] { n, 2 }, ts.Shape);
        Assert.Equal(DType.Float32, ts.DType);
        var v = ts.ToArray<float>();
        double lo = 0, hi = 0, hiBelowHalf = 0;
        for (var i = 0; i < n; i++)
        {
            Assert.InRange(v[2 * i], 0f, v[2 * i + 1]);
            Assert.InRange(v[2 * i + 1], v[2 * i], 1f);
            lo += v[2 * i];
            hi += v[2 * i + 1];
            if (v[2 * i + 1] < 0.5) hiBelowHalf++;
        }
        // A ~ Beta(2,1), B ~ Beta(1,2) independent: E[A] = 2/3, E[B] = 1/3,
        // P(max ≤ x) = x²·(2x − x²) → E[max] = ∫(1 − 2x³ + x⁴) = 7/10, E[min] = E[A] + E[B] − E[max] = 3/10;
        // P(max < ½) = P(A < ½)·P(B < ½) = ¼·¾ = 3/16.
        Assert.InRange(lo / n, 0.3 - 0.01, 0.3 + 0.01);
        Assert.InRange(hi / n, 0.7 - 0.01, 0.7 + 0.01);
        Assert.InRange(hiBelowHalf / n, 3.0 / 16 - 0.01, 3.0 / 16 + 0.01);

        TorchRandom.ManualSeed(3);
        Assert.Equal(v, TimeSampling.SampleTimes(n).ToArray<float>());
    }

    [Fact]
    public void FrameIndicesStayInsideTheClipAndTimesDivideByFramesMinusOne()
    {
        var random = new Random(5);
        var counts = new int[16];
        for (var i = 0; i < 5000; i++)
        {
            var (lo, hi) = TimeSampling.FrameIndices(random, 16);
            Assert.InRange(lo, 0, hi);
            Assert.InRange(hi, lo, 15);
            counts[hi]++;
        }
        Assert.True(counts[15] > counts[0]); // the later index leans late
        Assert.Equal((0f, 1f), TimeSampling.FrameTimes((0, 15), 16));
        Assert.Equal((1f / 3, 2f / 3), TimeSampling.FrameTimes((5, 10), 16));
    }
}
