using Pv3d.Metrics.Identity;
using Pv3d.Torch;

namespace Pv3d.Tests.Metrics;

/// <summary>IR-SE50 and the ID score against the re-expressed official code (make_metrics_fixtures.py irse50).</summary>
public class IrSe50Tests
{
    [Fact]
    public void StateDictHasTheOfficialNamesShapesAndOrder()
    {
        using var net = new IrSe50();
        Assert.Equal(File.ReadAllLines(MetricsFixtures.Path("irse50_keys.txt")), FixtureWeights.KeysOf(net));
    }

    [Fact]
    public void FeaturesAndTheIdScoreMatchTheOfficialNetworkAndScript()
    {
        var f = MetricsFixtures.Load("irse50.npz");
        using var scope = TensorScope.Enter();
        using var noGrad = Pv3d.Torch.Autograd.NoGrad();
        using var net = new IrSe50();
        net.Eval();
        FixtureWeights.Fill(net, 5000, gain: 0.1);
        var frames = f["frames"];                                        // [2, 4, 3, 64, 64] uint8
        var features = new List<Tensor>();
        for (var v = 0; v < 2; v++)
            features.Add(net.Forward(IrSe50.Preprocess(frames.Select(0, v))));
        var all = Tensor.Stack(features);
        MetricsFixtures.AssertClose(f.Doubles("features"), all.To(DType.Float64).ToArray<double>(), 1e-4, 0, "features");
        var score = IdentityScore.MeanPairSimilarity(features.Select(x => x.To(DType.Float64).ToArray<double>()).ToList(), IrSe50.FeatureSize);
        Assert.Equal(f.Scalar("id_score"), score, 1e-3);
    }
}
