using Pv3d.Tests.Autograd;
using Pv3d.Torch;

namespace Pv3d.Tests.NN;

public class ActivationTests
{
    private static readonly double[] X = { -30, -2.5, -0.3, 0.4, 1.7, 12, 25 };

    private static double[] Apply(Func<Tensor, Tensor> f)
    {
        using var scope = TensorScope.Enter();
        return f(Tensor.FromArray(X)).ToArray<double>();
    }

    [Fact]
    public void ValuesMatchClosedForms()
    {
        AutogradBasicsTests.AssertClose(X.Select(v => v >= 0 ? v : 0.2 * v).ToArray(), Apply(x => Functional.LeakyRelu(x, 0.2)));
        AutogradBasicsTests.AssertClose(X.Select(v => 1 / (1 + Math.Exp(-v))).ToArray(), Apply(Functional.Sigmoid));
        // beta = 2, threshold = 20: linear once beta * x exceeds 20 (x = 12, 25).
        AutogradBasicsTests.AssertClose(X.Select(v => 2 * v > 20 ? v : Math.Log(1 + Math.Exp(2 * v)) / 2).ToArray(),
            Apply(x => Functional.Softplus(x, 2, 20)));
    }

    [Fact]
    public void GradientsMatchFiniteDifferences()
    {
        GradCheck.Check(t => Functional.LeakyRelu(t[0], 0.2), new[] { GradCheck.Values(30, 2, 3, 5) });
        GradCheck.Check(t => Functional.Softplus(t[0], 1.5), new[] { GradCheck.Values(31, 3, 3, 5) });
        GradCheck.Check(t => Functional.Sigmoid(t[0]), new[] { GradCheck.Values(32, 3, 3, 5) });
    }
}
