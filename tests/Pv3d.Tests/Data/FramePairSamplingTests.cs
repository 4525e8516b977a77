using Pv3d.Data;
using Pv3d.Torch;

namespace Pv3d.Tests.Data;

[Collection(GlobalRandomCollection.Name)]
public class FramePairSamplingTests
{
    [Fact]
    public void InverseCdfsInvertTheBetaCdfs()
    {
        foreach (var u in new[] { 0.0, 0.1, 0.25, 0.5, 0.9, 1.0 })
        {
            var a = FramePairSampling.Beta21(u);
            Assert.Equal(u, a * a, 12);                     // CDF of Beta(2,1): x²
            var b = FramePairSampling.Beta12(u);
            Assert.Equal(1 - u, 1 - (1 - b) * (1 - b), 12); // CDF of Beta(1,2): 1 − (1−x)², at the uniform 1 − u
        }
    }

    [Fact]
    public void BetaDrawsHaveTheirMeansAndVariances()
    {
        var rng = new DataRandom(11);
        const int n = 40000;
        var a = Enumerable.Range(0, n).Select(_ => FramePairSampling.Beta21(rng.NextDouble())).ToArray();
        var b = Enumerable.Range(0, n).Select(_ => FramePairSampling.Beta12(rng.NextDouble())).ToArray();
        Assert.Equal(2.0 / 3, a.Average(), 0.01);
        Assert.Equal(1.0 / 3, b.Average(), 0.01);
        // Var Beta(2,1) = Var Beta(1,2) = 2 / (3² · 4) = 1/18.
        Assert.Equal(1.0 / 18, a.Select(x => (x - 2.0 / 3) * (x - 2.0 / 3)).Average(), 0.01);
        Assert.Equal(1.0 / 18, b.Select(x => (x - 1.0 / 3) * (x - 1.0 / 3)).Average(), 0.01);
    }

    [Fact]
    public void SortedPositionsMatchTheDiscreteDistribution()
    {
        // int(16·Beta(2,1)) = k with probability (2k+1)/256; int(16·Beta(1,2)) = k with (31−2k)/256.
        const int f = 16;
        var pa = Enumerable.Range(0, f).Select(k => (2 * k + 1) / 256.0).ToArray();
        var pb = Enumerable.Range(0, f).Select(k => (31 - 2 * k) / 256.0).ToArray();
        double expectedLo = 0, expectedHi = 0;
        for (var i = 0; i < f; i++)
            for (var j = 0; j < f; j++)
            {
                expectedLo += pa[i] * pb[j] * Math.Min(i, j);
                expectedHi += pa[i] * pb[j] * Math.Max(i, j);
            }
        var rng = new DataRandom(3);
        const int n = 40000;
        double lo = 0, hi = 0;
        for (var s = 0; s < n; s++)
        {
            var p = FramePairSampling.Pair(rng, f);
            Assert.True(p.Lo <= p.Hi && p.Hi < f);
            Assert.Equal(p.Lo / 15f, p.TimeLo);
            Assert.Equal(p.Hi / 15f, p.TimeHi);
            lo += p.Lo;
            hi += p.Hi;
        }
        Assert.Equal(expectedLo, lo / n, 0.05);
        Assert.Equal(expectedHi, hi / n, 0.05);
    }

    [Fact]
    public void OffsetsFollowTheOfficialRange()
    {
        var rng = new DataRandom(1);
        var offsets = Enumerable.Range(0, 2000).Select(_ => FramePairSampling.Offset(rng, 30, 16)).ToArray();
        Assert.Equal(0, offsets.Min());
        Assert.Equal(12, offsets.Max()); // randint(max(1, 30 − 16 − 1)) → 0..12
        Assert.All(Enumerable.Range(0, 50).Select(_ => FramePairSampling.Offset(rng, 10, 16)), o => Assert.Equal(0, o));
        Assert.Equal(9, FramePairSampling.FrameIndex(0, 14, 10));
        Assert.Equal(7, FramePairSampling.FrameIndex(3, 4, 10));
    }

    [Fact]
    public void CameraFlipNegatesTheOfficialEntries()
    {
        var camera = Enumerable.Range(1, 25).Select(k => (float)k).ToArray();
        var flipped = CameraFlip.Flip(camera);
        for (var k = 0; k < 25; k++)
            Assert.Equal(k is 1 or 2 or 3 or 4 or 8 ? -camera[k] : camera[k], flipped[k]);
        Assert.Equal(camera, CameraFlip.Flip(flipped));
    }

    [Fact]
    public void ShuffledBatchesCoverEachEpochOnceAndAreReproducible()
    {
        var batches = new ShuffledBatches(10, 3, 9);
        Assert.Equal(3, batches.BatchesPerEpoch);
        var epoch0 = Enumerable.Range(0, 3).SelectMany(b => batches.Batch(b)).ToArray();
        Assert.Equal(9, epoch0.Distinct().Count()); // drop_last: one item left out per epoch
        var epoch1 = Enumerable.Range(3, 3).SelectMany(b => batches.Batch(b)).ToArray();
        Assert.NotEqual(epoch0, epoch1);
        Assert.Equal(batches.Batch(4), new ShuffledBatches(10, 3, 9).Batch(4));
        Assert.NotEqual(epoch0, Enumerable.Range(0, 3).SelectMany(b => new ShuffledBatches(10, 3, 10).Batch(b)).ToArray());
    }

    [Fact]
    public void GeneratorTimesAreSortedAndFollowTheMinMaxOfTheTwoBetas()
    {
        using var scope = TensorScope.Enter();
        TorchRandom.ManualSeed(3);
        const int n = 20_000;
        var ts = FramePairSampling.GeneratorTimes(n);
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
        Assert.Equal(v, FramePairSampling.GeneratorTimes(n).ToArray<float>());
    }
}
