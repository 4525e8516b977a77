using Pv3d.Torch;

namespace Pv3d.Tests.Autograd;

/// <summary>
/// The R1 regulariser's path: g = d/dx sum(leaky(conv(x, w))^2) built with createGraph, penalty = sum(g^2),
/// then d(penalty)/dw by Backward, checked against central differences of the penalty in w (float64).
/// </summary>
public class DoubleBackwardTests
{
    private static Tensor SumOfSquares(Tensor t) => t.Square().Sum();

    private static Tensor Penalty(Tensor x, Tensor w, bool createGraph)
    {
        var z = Functional.LeakyRelu(Functional.Conv2d(x, w, padding: 1), 0.2);
        var g = Torch.Autograd.Grad(SumOfSquares(z), x, createGraph: createGraph);
        return SumOfSquares(g);
    }

    [Fact]
    public void PenaltyGradientWithRespectToWeightsMatchesFiniteDifferences()
    {
        using var scope = TensorScope.Enter();
        var xData = GradCheck.Values(40, 1, 1, 2, 5, 5).ToArray<double>();
        var wData = GradCheck.Values(41, 0.5, 2, 2, 3, 3).ToArray<double>();
        long[] xShape = { 1, 2, 5, 5 }, wShape = { 2, 2, 3, 3 };

        var x = Tensor.FromArray(xData, xShape).SetRequiresGrad(true);
        var w = Tensor.FromArray(wData, wShape).SetRequiresGrad(true);
        var penalty = Penalty(x, w, createGraph: true);
        Assert.True(penalty.RequiresGrad);
        penalty.Backward();
        var analytic = w.Grad!.ToArray<double>();
        Assert.Contains(analytic, v => Math.Abs(v) > 1e-3);

        const double eps = 1e-6;
        for (var j = 0; j < wData.Length; j++)
        {
            var original = wData[j];
            wData[j] = original + eps;
            var plus = EvaluatePenalty(xData, xShape, wData, wShape);
            wData[j] = original - eps;
            var minus = EvaluatePenalty(xData, xShape, wData, wShape);
            wData[j] = original;
            var numeric = (plus - minus) / (2 * eps);
            Assert.True(Math.Abs(numeric - analytic[j]) <= 1e-5 * (1 + Math.Abs(numeric)),
                $"weight {j}: double backward {analytic[j]}, finite difference {numeric}");
        }
    }

    [Fact]
    public void WithoutCreateGraphTheGradientIsAConstant()
    {
        using var scope = TensorScope.Enter();
        var x = GradCheck.Values(42, 1, 1, 2, 4, 4).SetRequiresGrad(true);
        var w = GradCheck.Values(43, 0.5, 2, 2, 3, 3).SetRequiresGrad(true);
        var z = Functional.LeakyRelu(Functional.Conv2d(x, w, padding: 1), 0.2);
        var g = Torch.Autograd.Grad(SumOfSquares(z), x);
        Assert.False(g.RequiresGrad);
        Assert.Throws<TorchException>(() => SumOfSquares(g).Backward());
    }

    private static double EvaluatePenalty(double[] xData, long[] xShape, double[] wData, long[] wShape)
    {
        using var scope = TensorScope.Enter();
        var x = Tensor.FromArray(xData, xShape).SetRequiresGrad(true);
        var w = Tensor.FromArray(wData, wShape);
        return Penalty(x, w, createGraph: false).Item();
    }
}
