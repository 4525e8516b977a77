using Pv3d.Data;

namespace Pv3d.Tests.Data;

public class FramePairSamplingTests
{
    [Fact]
    public void BetaDrawsHaveTheirMeansAndVariances()
    {
        var rng = new DataRandom(11);
        const int n = 40000;
        var a = Enumerable.Range(0, n).Select(_ => rng.NextBeta21()).ToArray();
        var b = Enumerable.Range(0, n).Select(_ => rng.NextBeta12()).ToArray();
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
}
