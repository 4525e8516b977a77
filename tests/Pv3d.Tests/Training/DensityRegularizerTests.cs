using Pv3d.Torch;
using Pv3d.Training;

namespace Pv3d.Tests.Training;

[Collection(GlobalRandomCollection.Name)]
public class DensityRegularizerTests
{
    [Fact]
    public void PointsAreUniformInTheCubeThenPerturbedByScaledNormalNoise()
    {
        using var scope = TensorScope.Enter();
        const double pDist = 0.004;
        TorchRandom.ManualSeed(11);
        var expectedInitial = (Tensor.Rand(new long[] { 2, 5, 3 }, DType.Float32) * 2 - 1).ToArray<float>();
        var noise = Tensor.Randn(new long[] { 2, 5, 3 }, DType.Float32).ToArray<float>();

        TorchRandom.ManualSeed(11);
        Tensor? seen = null;
        // sigma = x + 2y − z per point.
        var (initial, perturbed) = DensityRegularizer.SampleSigmas(c =>
        {
            seen = c.Clone().MoveToOuterScope();
            return Functional.Linear(c, Tensor.FromArray(new float[] { 1, 2, -1 }, 1, 3));
        }, rows: 2, pDist, pointCount: 5);

        Assert.Equal(new long[] { 2, 10, 3 }, seen!.Shape);
        var coords = seen.ToArray<float>();
        for (var r = 0; r < 2; r++)
        for (var p = 0; p < 5; p++)
        for (var k = 0; k < 3; k++)
        {
            var src = (r * 5 + p) * 3 + k;
            Assert.Equal(expectedInitial[src], coords[(r * 10 + p) * 3 + k], 1e-6);
            Assert.Equal(expectedInitial[src] + noise[src] * pDist, coords[(r * 10 + 5 + p) * 3 + k], 1e-6);
            Assert.InRange(expectedInitial[src], -1f, 1f);
        }

        Assert.Equal(new long[] { 2, 5, 1 }, initial.Shape);
        Assert.Equal(new long[] { 2, 5, 1 }, perturbed.Shape);
        var s0 = initial.ToArray<float>();
        var s1 = perturbed.ToArray<float>();
        for (var r = 0; r < 2; r++)
        for (var p = 0; p < 5; p++)
        {
            float Sigma(int point) => coords[(r * 10 + point) * 3] + 2 * coords[(r * 10 + point) * 3 + 1] - coords[(r * 10 + point) * 3 + 2];
            Assert.Equal(Sigma(p), s0[r * 5 + p], 1e-5);
            Assert.Equal(Sigma(5 + p), s1[r * 5 + p], 1e-5);
        }
    }
}
