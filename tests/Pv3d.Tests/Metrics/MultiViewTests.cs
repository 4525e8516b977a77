using Pv3d.Metrics.MultiView;
using Pv3d.Rendering.Cameras;
using Pv3d.Torch;

namespace Pv3d.Tests.Metrics;

/// <summary>CD, WE, cv2's resize and the side camera against the re-expressed official scripts (make_metrics_fixtures.py multiview).</summary>
public class MultiViewTests
{
    private static readonly Lazy<Dictionary<string, Tensor>> Fixture = new(() => MetricsFixtures.Load("multiview.npz"));

    private static MultiViewFrames Frames(int video)
    {
        var f = Fixture.Value;
        var images = f[$"images{video}"];                              // [4, 64, 64, 3]
        var depth = f[$"depth{video}"];                                // [4, 1, R, R]
        var r = (int)depth.Shape[^1];
        byte[] Bytes(int i) => images.Select(0, i).Contiguous().ToArray<byte>();
        float[] Floats(Tensor t, int i) => t.Select(0, i).Contiguous().ToArray<float>();
        return new MultiViewFrames((int)images.Shape[1], r,
            Enumerable.Range(0, 4).Select(Bytes).ToArray(),
            Enumerable.Range(0, 4).Select(i => Floats(depth, i)).ToArray(),
            Enumerable.Range(0, 4).Select(i => Floats(f[$"xyz{video}"], i)).ToArray(),
            Enumerable.Range(0, 4).Select(i => Floats(f[$"weights{video}"], i)).ToArray());
    }

    [Theory]
    [InlineData("down")]
    [InlineData("odd")]
    [InlineData("up")]
    public void Cv2ResizeIsByteExact(string name)
    {
        var f = Fixture.Value;
        var input = f[$"cv2_{name}_in"];
        var expected = f[$"cv2_{name}_out"];
        var actual = Cv2Resize.Linear(input.ToArray<byte>(), (int)input.Shape[0], (int)input.Shape[1], 3, (int)expected.Shape[0], (int)expected.Shape[1]);
        Assert.Equal(expected.ToArray<byte>(), actual);
    }

    [Fact]
    public void SideCameraIsTheOfficialLookAtPose()
    {
        var expected = Fixture.Value.Doubles("side");
        var actual = MultiViewProtocol.SideCamera().Values.Select(v => (double)v).ToArray();
        MetricsFixtures.AssertClose(expected, actual, 1e-6, 0, "side camera");
        MetricsFixtures.AssertClose(Fixture.Value.Doubles("canonical"), Camera.Canonical.Values.Select(v => (double)v).ToArray(), 1e-7, 0, "canonical");
    }

    [Fact]
    public void ChamferDistanceMatchesTheOfficialScriptPairByPairAndOnAverage()
    {
        var f = Fixture.Value;
        var pairs = Frames(0).Let(MultiViewScores.Chamfer).Concat(Frames(1).Let(MultiViewScores.Chamfer)).ToArray();
        var expected = f.Doubles("cd_pairs");
        for (var i = 0; i < expected.Length; i++)
        {
            if (double.IsNaN(expected[i])) Assert.True(double.IsNaN(pairs[i]), $"pair {i} should be skipped (NaN)");
            else Assert.Equal(expected[i], pairs[i], 1e-6 * expected[i]);
        }
        Assert.Equal(f.Scalar("cd_mean"), MultiViewScores.MeanOfValid(pairs), 1e-3 * f.Scalar("cd_mean"));
        Assert.Equal(f.Scalar("cd_official_sum"), pairs.Where(v => !double.IsNaN(v)).Sum(), 1e-3 * f.Scalar("cd_official_sum"));
    }

    [Fact]
    public void WarpingErrorMatchesTheOfficialScriptPairByPairAndOnAverage()
    {
        var f = Fixture.Value;
        var side = new Camera(f["side"].ToArray<float>());
        var pairs = Frames(0).Let(v => MultiViewScores.Warping(v, side)).Concat(Frames(1).Let(v => MultiViewScores.Warping(v, side))).ToArray();
        MetricsFixtures.AssertClose(f.Doubles("we_pairs"), pairs, 1e-3, 0, "WE pairs");
        Assert.Equal(f.Scalar("we_mean"), MultiViewScores.MeanOfValid(pairs), 1e-3);
    }
}

internal static class LetExtension
{
    public static TOut Let<TIn, TOut>(this TIn value, Func<TIn, TOut> f) => f(value);
}
