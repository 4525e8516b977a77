using Pv3d.Torch;

namespace Pv3d.Tests.Autograd;

/// <summary>
/// Finite-difference gradient check in float64. For y = f(inputs) it compares autograd's gradient of
/// L = sum(y * R) (R a fixed pseudo-random weighting, so every output element matters) with central
/// differences (L(x + eps) - L(x - eps)) / (2 eps), element by element.
/// </summary>
internal static class GradCheck
{
    /// <param name="f">Builds the output from float64 inputs; must be deterministic.</param>
    /// <param name="inputs">Input tensors; each is copied to float64, so callers keep ownership.</param>
    /// <param name="check">Indices of the inputs to differentiate (default: all).</param>
    public static void Check(Func<Tensor[], Tensor> f, Tensor[] inputs, int[]? check = null, double eps = 1e-6, double tolerance = 1e-6)
    {
        using var scope = TensorScope.Enter();
        check ??= Enumerable.Range(0, inputs.Length).ToArray();
        var data = inputs.Select(t => t.To(DType.Float64).ToArray<double>()).ToArray();
        var shapes = inputs.Select(t => t.Shape).ToArray();

        var leaves = data.Select((d, i) => Tensor.FromArray(d, shapes[i])).ToArray();
        foreach (var i in check) leaves[i].RequiresGrad = true;
        var y = f(leaves);
        var weights = Weights(y.NumEl);
        var r = Tensor.FromArray(weights, y.Shape);
        var analytic = Torch.Autograd.Grad(new[] { y }, check.Select(i => leaves[i]).ToArray(), new[] { r }, allowUnused: true);

        for (var k = 0; k < check.Length; k++)
        {
            var i = check[k];
            var grad = analytic[k]?.ToArray<double>() ?? new double[data[i].Length];
            for (var j = 0; j < data[i].Length; j++)
            {
                var original = data[i][j];
                data[i][j] = original + eps;
                var plus = Loss(f, data, shapes, weights);
                data[i][j] = original - eps;
                var minus = Loss(f, data, shapes, weights);
                data[i][j] = original;
                var numeric = (plus - minus) / (2 * eps);
                Assert.True(Math.Abs(numeric - grad[j]) <= tolerance * (1 + Math.Abs(numeric)),
                    $"input {i}, element {j}: autograd {grad[j]}, finite difference {numeric}");
            }
        }
    }

    private static double Loss(Func<Tensor[], Tensor> f, double[][] data, long[][] shapes, double[] weights)
    {
        using var scope = TensorScope.Enter();
        using var noGrad = Torch.Autograd.NoGrad();
        var y = f(data.Select((d, i) => Tensor.FromArray(d, shapes[i])).ToArray()).ToArray<double>();
        var sum = 0.0;
        for (var n = 0; n < y.Length; n++) sum += y[n] * weights[n];
        return sum;
    }

    /// <summary>Deterministic weights in [-1, 1], different for every element.</summary>
    public static double[] Weights(long count) => Enumerable.Range(0, (int)count).Select(n => Math.Sin(1.7 * n + 0.3)).ToArray();

    /// <summary>A float64 tensor of deterministic values in [-scale, scale].</summary>
    public static Tensor Values(int seed, double scale, params long[] shape)
    {
        var n = shape.Aggregate(1L, (a, b) => a * b);
        var rng = new Random(seed);
        return Tensor.FromArray(Enumerable.Range(0, (int)n).Select(_ => (rng.NextDouble() * 2 - 1) * scale).ToArray(), shape);
    }
}
