using Pv3d.Metrics;
using Pv3d.Metrics.Identity;

namespace Pv3d.Tests.Metrics;

/// <summary>`pv3d evaluate` refuses bad inputs with exit code 2 and says which weight file is missing and where it goes.</summary>
public class EvaluateCommandTests
{
    [Fact]
    public void AnEvilStatisticsPickleGivenAsRealDataExitsWith2AndRunsNothing()
    {
        File.Delete("/tmp/pv3d-pwned");
        var evil = MetricsFixtures.Path("evil_stats.pkl");
        Assert.Equal(2, Pv3d.Cli.Program.Main(["evaluate", "fvd", "--real", evil, "--fake", MetricsFixtures.Path(MetricsFixtures.VoxCelebPickle)]));
        Assert.False(File.Exists("/tmp/pv3d-pwned"));
    }

    [Fact]
    public void FvdBetweenTwoStatisticsFilesNeedsNoNetworkAndWritesJson()
    {
        var dir = Directory.CreateTempSubdirectory("pv3d-eval-").FullName;
        try
        {
            var json = Path.Combine(dir, "fvd.json");
            var vox = MetricsFixtures.Path(MetricsFixtures.VoxCelebPickle);
            Assert.Equal(0, Pv3d.Cli.Program.Main(["evaluate", "fvd", "--real", vox, "--fake", vox, "--json", json, "--i3d", Path.Combine(dir, "absent.pt")]));
            var doc = System.Text.Json.JsonDocument.Parse(File.ReadAllText(json)).RootElement;
            Assert.Equal(0, doc.GetProperty("fvd").GetDouble(), 1e-6);
            Assert.Equal(5000, doc.GetProperty("real_items").GetInt64());
        }
        finally
        {
            Directory.Delete(dir, true);
        }
    }

    [Fact]
    public void MissingWeightFilesAreNamedWithWhereToPutThem()
    {
        using var net = new IrSe50();
        var absent = Path.Combine(Path.GetTempPath(), "pv3d-no-such-dir", "model_ir_se50.pth");
        var e = Assert.Throws<Pv3dException>(() => MetricWeights.Load(net, MetricWeights.ArcFace, absent, "arcface"));
        Assert.Contains(absent, e.Message);
        Assert.Contains(MetricWeights.ArcFace.DefaultPath, e.Message);
        Assert.Contains("model_ir_se50.pth", e.Message);
        Assert.Equal(2, Pv3d.Cli.Program.Main(["evaluate", "fvd", "--real", Path.GetTempPath(), "--fake", Path.GetTempPath(), "--i3d", absent + ".i3d"]));
    }
}
