using Pv3d.Metrics.Fvd;
using Pv3d.Torch;
using Pv3d.Torch.IO.Pickle;

namespace Pv3d.Tests.Metrics;

/// <summary>FeatureStats and FVD against the official FeatureStats / scipy sqrtm (make_metrics_fixtures.py stats).</summary>
public class FeatureStatsTests
{
    private static readonly Lazy<Dictionary<string, Tensor>> Fixture = new(() => MetricsFixtures.Load("stats.npz"));

    private static FeatureStats StatsOf(string key, int batch, long? maxItems = null)
    {
        using var scope = TensorScope.Enter();
        var x = Fixture.Value[key];
        var stats = new FeatureStats(maxItems);
        for (long lo = 0; lo < x.Shape[0]; lo += batch)
            stats.Append(x.Narrow(0, lo, Math.Min(batch, x.Shape[0] - lo)));
        return stats;
    }

    [Fact]
    public void RawSumsMeanAndCovarianceMatchTheOfficialFeatureStatsIncludingTheCutAtMaxItems()
    {
        var f = Fixture.Value;
        var a = StatsOf("a", 7, maxItems: 37);
        Assert.Equal(37, a.NumItems);
        Assert.True(a.IsFull);
        MetricsFixtures.AssertClose(f.Doubles("raw_mean_a"), a.RawMean!, 1e-9, 1e-12, "raw_mean");
        MetricsFixtures.AssertClose(f.Doubles("raw_cov_a"), a.RawCov!, 1e-9, 1e-12, "raw_cov");
        var (mean, cov) = a.GetMeanCov();
        MetricsFixtures.AssertClose(f.Doubles("mean_a"), mean, 1e-12, 1e-12, "mean");
        MetricsFixtures.AssertClose(f.Doubles("cov_a"), cov, 1e-12, 1e-10, "cov");
    }

    [Fact]
    public void FrechetDistanceMatchesScipySqrtmForFullRankAndRankDeficientCovariances()
    {
        var f = Fixture.Value;
        var (ma, ca) = StatsOf("a", 7, maxItems: 37).GetMeanCov();
        var (mb, cb) = StatsOf("b", 8).GetMeanCov();
        var (mc, cc) = StatsOf("c", 6).GetMeanCov();
        Assert.Equal(f.Scalar("fvd_ab"), FrechetDistance.Compute(ma, ca, mb, cb), 1e-8 * f.Scalar("fvd_ab"));
        // c has 6 items for 12 features: its covariance is singular, where scipy's sqrtm is least accurate.
        Assert.Equal(f.Scalar("fvd_ac"), FrechetDistance.Compute(ma, ca, mc, cc), 1e-5 * f.Scalar("fvd_ac"));
    }

    [Fact]
    public void TheOfficialVoxCelebStatisticsPickleLoadsWithNumPysMeanAndCovariance()
    {
        var f = Fixture.Value;
        var vox = FeatureStats.Load(MetricsFixtures.Path(MetricsFixtures.VoxCelebPickle));
        Assert.Equal(5000, vox.NumItems);
        Assert.Equal(5000, vox.MaxItems);
        Assert.Equal(400, vox.NumFeatures);
        var (mean, cov) = vox.GetMeanCov();
        MetricsFixtures.AssertClose(f.Doubles("vox_mean"), mean, 1e-12, 1e-12, "mean");
        MetricsFixtures.AssertClose(f.Doubles("vox_cov_diag"), Enumerable.Range(0, 400).Select(i => cov[i * 401]).ToArray(), 1e-12, 1e-12, "cov diagonal");
        MetricsFixtures.AssertClose(f.Doubles("vox_cov_row7"), cov.Skip(7 * 400).Take(400).ToArray(), 1e-12, 1e-12, "cov row 7");
        Assert.Equal(f.Scalar("vox_cov_sum"), cov.Sum(), 1e-9 * f.Scalar("vox_cov_abs_sum"));
        Assert.Equal(f.Scalar("vox_cov_abs_sum"), cov.Sum(Math.Abs), 1e-9 * f.Scalar("vox_cov_abs_sum"));

        // 60 generated-like 400-d features against the official statistics (a rank-deficient side, as in small runs).
        var (mg, cg) = StatsOf("g", 25).GetMeanCov();
        Assert.Equal(f.Scalar("fvd_vox_g"), FrechetDistance.Compute(mg, cg, mean, cov), 1e-4 * f.Scalar("fvd_vox_g"));
    }

    [Fact]
    public void ThePickleReaderBuildsNumpyArraysFromTheirReduceAndBuildState()
    {
        var root = Assert.IsType<Dictionary<object, object?>>(Unpickler.LoadFile(MetricsFixtures.Path(MetricsFixtures.VoxCelebPickle)));
        var rawCov = Assert.IsType<NumpyArray>(root["raw_cov"]);
        Assert.Equal(new long[] { 400, 400 }, rawCov.Shape);
        Assert.Equal("<f8", rawCov.DType!.Descr);
        Assert.Empty(Assert.IsType<List<object?>>(root["all_features"]));
        using var scope = TensorScope.Enter();
        var t = rawCov.ToTensor();
        Assert.Equal(DType.Float64, t.DType);
        Assert.Equal(rawCov.ToDoubleArray(), t.ToArray<double>());
    }

    [Fact]
    public void BigEndianFortranOrderedAndFloat32ArraysInAProtocol2PickleReadAsTheSameValues()
    {
        var f = Fixture.Value;
        var stats = FeatureStats.Load(MetricsFixtures.Path("stats_p2_fortran_be.pkl"));
        var (mean, cov) = stats.GetMeanCov();
        // raw_mean was stored as float32 there, so agreement is to float32 precision.
        MetricsFixtures.AssertClose(f.Doubles("mean_b"), mean, 1e-6, 1e-6, "mean");
        MetricsFixtures.AssertClose(f.Doubles("cov_b"), cov, 1e-5, 1e-5, "cov");
    }

    [Fact]
    public void AnEvilStatisticsPickleIsRefusedWithoutRunningAnything()
    {
        File.Delete("/tmp/pv3d-pwned");
        var e = Assert.Throws<Pv3dException>(() => FeatureStats.Load(MetricsFixtures.Path("evil_stats.pkl")));
        Assert.Contains("system", e.Message);
        Assert.Contains("evil_stats.pkl", e.Message);
        Assert.False(File.Exists("/tmp/pv3d-pwned"));
    }

    [Fact]
    public void OurNpzRoundTripsTheStatistics()
    {
        var a = StatsOf("a", 7, maxItems: 37);
        var path = System.IO.Path.Combine(Directory.CreateTempSubdirectory("pv3d-stats-").FullName, "a.npz");
        a.Save(path);
        var back = FeatureStats.Load(path);
        Assert.Equal(a.NumItems, back.NumItems);
        Assert.Equal(a.MaxItems, back.MaxItems);
        Assert.Equal(a.RawMean, back.RawMean);
        Assert.Equal(a.RawCov, back.RawCov);
        Directory.Delete(System.IO.Path.GetDirectoryName(path)!, true);
    }
}
