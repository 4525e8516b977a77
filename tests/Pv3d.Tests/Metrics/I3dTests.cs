using Pv3d.Metrics.Fvd;
using Pv3d.Metrics.Fvd.I3d;
using Pv3d.Torch;

namespace Pv3d.Tests.Metrics;

/// <summary>InceptionI3d and the FVD preprocessing against the re-expressed official code (make_metrics_fixtures.py i3d).</summary>
public class I3dTests
{
    [Fact]
    public void StateDictHasTheOfficialNamesShapesAndOrder()
    {
        using var net = new InceptionI3d();
        Assert.Equal(File.ReadAllLines(MetricsFixtures.Path("i3d_keys.txt")), FixtureWeights.KeysOf(net));
    }

    [Fact]
    public void PreprocessingAndFeaturesMatchTheOfficialNetwork()
    {
        var f = MetricsFixtures.Load("i3d.npz");
        using var scope = TensorScope.Enter();
        using var noGrad = Pv3d.Torch.Autograd.NoGrad();
        var x = I3dPreprocess.Apply(f["videos"]);                       // [2, 16, 3, 224, 224]
        Assert.Equal(new long[] { 2, 16, 3, 224, 224 }, x.Shape);
        // The fixture keeps x[:, :, ::5, ::16, ::16] of the official CTHW layout.
        var official = x.Permute(0, 2, 1, 3, 4);
        var frames = Tensor.FromArray(new long[] { 0, 5, 10, 15 }, 4);
        var pixels = Tensor.Arange(0, 224, 16, DType.Int64);
        var sub = official.IndexSelect(2, frames).IndexSelect(3, pixels).IndexSelect(4, pixels).Contiguous();
        MetricsFixtures.AssertClose(f.Doubles("preprocessed_sub"), sub.To(DType.Float64).ToArray<double>(), 1e-6, 0, "preprocessed");
        Assert.Equal(f.Scalar("preprocessed_sum"), x.To(DType.Float64).Sum().ToArray<double>()[0], 1e-2);

        using var net = new InceptionI3d();
        net.Eval();
        FixtureWeights.Fill(net, 3000);
        var features = net.Forward(x);
        Assert.Equal(new long[] { 2, 400 }, features.Shape);
        MetricsFixtures.AssertClose(f.Doubles("features"), features.To(DType.Float64).ToArray<double>(), 1e-4, 1e-5, "features");
    }
}
