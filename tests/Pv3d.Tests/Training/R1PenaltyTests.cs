using Pv3d.Torch;
using Pv3d.Training;

namespace Pv3d.Tests.Training;

public class R1PenaltyTests
{
    [Fact]
    public void LinearDiscriminatorPenaltyIsTheSquaredWeightNormPerRowSummedOverInputs()
    {
        using var scope = TensorScope.Enter();
        // D(a, b) = w1·flatten(a) + w2·b: the gradient is the constant weight vector for every row.
        double[] w1 = { 0.5, -1, 2, 0.25 }, w2 = { 3, -0.5 };
        var a = Tensor.FromArray(new double[] { 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12 }, 3, 1, 2, 2).SetRequiresGrad();
        var b = Tensor.FromArray(new double[] { 1, -1, 2, 0, 0, 5 }, 3, 2).SetRequiresGrad();
        var logits = Functional.Linear(a.Flatten(1), Tensor.FromArray(w1, 1, 4)) + Functional.Linear(b, Tensor.FromArray(w2, 1, 2));

        var penalty = R1Penalty.Compute(logits, new[] { a, b });

        var expected = w1.Sum(x => x * x) + w2.Sum(x => x * x);
        Assert.Equal(new long[] { 3 }, penalty.Shape);
        Assert.All(penalty.ToArray<double>(), p => Assert.Equal(expected, p, 12));
    }

    [Fact]
    public void PenaltyIsPerRowForANonlinearDiscriminator()
    {
        using var scope = TensorScope.Enter();
        // D(x) = Σ_k tanh(W x)_k: ∂D/∂x = Wᵀ(1 − tanh²(W x)), different for each row.
        double[] wv = { 0.3, -0.7, 1.1, 0.2, 0.5, -0.4 };
        double[] xv = { 0.1, 0.9, -0.3, 1.2, 0.4, -0.8 };
        var x = Tensor.FromArray(xv, 2, 3).SetRequiresGrad();
        var logits = Functional.Linear(x, Tensor.FromArray(wv, 2, 3)).Tanh().Sum(1, keepDim: true);
        var penalty = R1Penalty.Compute(logits, new[] { x }).ToArray<double>();
        for (var n = 0; n < 2; n++)
        {
            var g = new double[3];
            for (var k = 0; k < 2; k++)
            {
                var pre = Enumerable.Range(0, 3).Sum(i => wv[k * 3 + i] * xv[n * 3 + i]);
                var d = 1 - Math.Tanh(pre) * Math.Tanh(pre);
                for (var i = 0; i < 3; i++) g[i] += wv[k * 3 + i] * d;
            }
            Assert.Equal(g.Sum(v => v * v), penalty[n], 12);
        }
    }

    private static double PenaltySum(double[] wv, double[] xv)
    {
        using var scope = TensorScope.Enter();
        var x = Tensor.FromArray(xv, 2, 3).SetRequiresGrad();
        var logits = Functional.Linear(x, Tensor.FromArray(wv, 2, 3)).Tanh().Sum(1, keepDim: true);
        return R1Penalty.Compute(logits, new[] { x }).Sum().Item();
    }

    [Fact]
    public void PenaltyGradientWithRespectToWeightsMatchesFiniteDifferences()
    {
        using var scope = TensorScope.Enter();
        double[] wv = { 0.3, -0.7, 1.1, 0.2, 0.5, -0.4 };
        double[] xv = { 0.1, 0.9, -0.3, 1.2, 0.4, -0.8 };
        var w = Tensor.FromArray(wv, 2, 3).SetRequiresGrad();
        var x = Tensor.FromArray(xv, 2, 3).SetRequiresGrad();
        var logits = Functional.Linear(x, w).Tanh().Sum(1, keepDim: true);
        R1Penalty.Compute(logits, new[] { x }).Sum().Backward();
        var analytic = w.Grad!.ToArray<double>();

        const double h = 1e-6;
        for (var i = 0; i < wv.Length; i++)
        {
            var plus = (double[])wv.Clone();
            var minus = (double[])wv.Clone();
            plus[i] += h;
            minus[i] -= h;
            var numeric = (PenaltySum(plus, xv) - PenaltySum(minus, xv)) / (2 * h);
            Assert.True(Math.Abs(numeric) > 1e-3 || Math.Abs(analytic[i]) > 1e-3, "degenerate test point");
            Assert.Equal(numeric, analytic[i], 6);
        }
    }
}
