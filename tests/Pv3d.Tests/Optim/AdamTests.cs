using System.Text.Json;
using Pv3d.Torch;
using Pv3d.Torch.Optim;

namespace Pv3d.Tests.Optim;

public class AdamTests
{
    /// <summary>
    /// fixtures/optim/adam_two_groups.json (make_optim_fixtures.py): loss = Σ(x·w1 + b1 − y)² for group 0
    /// and Σ(c·w2² + d·w2) for group 1 (left out at step 3, so w2 has no gradient then).
    /// Gradients are computed here in closed form, so the test depends only on Adam.
    /// </summary>
    private sealed class Problem : IDisposable
    {
        public readonly JsonElement Fixture;
        public readonly double[] X, Y, C, D;
        public readonly Tensor W1, B1, W2;

        /// <param name="copyOf">Start from this problem's current parameters instead of the fixture's.</param>
        public Problem(Problem? copyOf = null)
        {
            var path = Path.Combine(AppContext.BaseDirectory, "fixtures", "optim", "adam_two_groups.json");
            Fixture = JsonDocument.Parse(File.ReadAllText(path)).RootElement;
            var data = Fixture.GetProperty("data");
            (X, Y, C, D) = (Read(data, "x"), Read(data, "y"), Read(data, "c"), Read(data, "d"));
            var init = Fixture.GetProperty("init");
            W1 = Param(copyOf?.W1.ToArray<float>() ?? Floats(Read(init, "w1")), 3, 4);
            B1 = Param(copyOf?.B1.ToArray<float>() ?? Floats(Read(init, "b1")), 4);
            W2 = Param(copyOf?.W2.ToArray<float>() ?? Floats(Read(init, "w2")), 2, 3);
        }

        private static float[] Floats(double[] values) => values.Select(v => (float)v).ToArray();

        public static double[] Read(JsonElement e, string name) => e.GetProperty(name).EnumerateArray().Select(v => v.GetDouble()).ToArray();

        private static Tensor Param(float[] values, params long[] shape) =>
            Tensor.FromArray(values, shape).SetRequiresGrad().DetachFromScopes();

        public Adam NewAdam()
        {
            var groups = Fixture.GetProperty("groups");
            AdamParamGroup Group(int i, params Tensor[] ps)
            {
                var g = groups[i];
                var betas = g.GetProperty("betas");
                return new AdamParamGroup(ps, g.GetProperty("lr").GetDouble(), (betas[0].GetDouble(), betas[1].GetDouble()),
                    g.GetProperty("eps").GetDouble(), g.GetProperty("weight_decay").GetDouble());
            }
            return new Adam([Group(0, W1, B1), Group(1, W2)]);
        }

        public void SetGradients(bool includeSecondGroup)
        {
            var w1 = W1.ToArray<float>();
            var b1 = B1.ToArray<float>();
            var gw1 = new double[12];
            var gb1 = new double[4];
            for (var n = 0; n < 5; n++)
            for (var j = 0; j < 4; j++)
            {
                var r = b1[j] - Y[n * 4 + j];
                for (var i = 0; i < 3; i++) r += X[n * 3 + i] * w1[i * 4 + j];
                gb1[j] += 2 * r;
                for (var i = 0; i < 3; i++) gw1[i * 4 + j] += 2 * X[n * 3 + i] * r;
            }
            SetGrad(W1, gw1);
            SetGrad(B1, gb1);
            if (!includeSecondGroup) return;
            var w2 = W2.ToArray<float>();
            SetGrad(W2, w2.Select((w, k) => 2 * C[k] * w + D[k]).ToArray());
        }

        private static void SetGrad(Tensor p, double[] g)
        {
            using var t = Tensor.FromArray(g.Select(v => (float)v).ToArray(), p.Shape);
            p.SetGrad(t);
        }

        public void Dispose()
        {
            W1.Dispose();
            B1.Dispose();
            W2.Dispose();
        }
    }

    private static void AssertClose(double[] expected, float[] actual, double tol = 2e-6)
    {
        Assert.Equal(expected.Length, actual.Length);
        for (var i = 0; i < expected.Length; i++)
            Assert.True(Math.Abs(expected[i] - actual[i]) <= tol * Math.Max(1, Math.Abs(expected[i])),
                $"element {i}: expected {expected[i]}, got {actual[i]}");
    }

    [Fact]
    public void MatchesPyTorchStepByStepWithTwoGroupsAndASkippedParameter()
    {
        using var problem = new Problem();
        using var adam = problem.NewAdam();
        var steps = problem.Fixture.GetProperty("steps").EnumerateArray().ToList();
        for (var step = 1; step <= steps.Count; step++)
        {
            adam.ZeroGrad();
            problem.SetGradients(includeSecondGroup: step != 3);
            adam.Step();
            var expected = steps[step - 1];
            AssertClose(Problem.Read(expected, "w1"), problem.W1.ToArray<float>());
            AssertClose(Problem.Read(expected, "b1"), problem.B1.ToArray<float>());
            AssertClose(Problem.Read(expected, "w2"), problem.W2.ToArray<float>());
        }
        Assert.Equal(steps.Count - 1, adam.StateOf(problem.W2)!.Step);
    }

    [Fact]
    public void StateDictHasTorchLayoutAndValues()
    {
        using var scope = TensorScope.Enter();
        using var problem = new Problem();
        using var adam = problem.NewAdam();
        var steps = problem.Fixture.GetProperty("steps").GetArrayLength();
        for (var step = 1; step <= steps; step++)
        {
            adam.ZeroGrad();
            problem.SetGradients(includeSecondGroup: step != 3);
            adam.Step();
        }
        var sd = adam.StateDict();
        var state = (Dictionary<object, object?>)sd["state"]!;
        var expectedState = problem.Fixture.GetProperty("state");
        Assert.Equal(new object[] { 0L, 1L, 2L }, state.Keys);
        foreach (var (key, value) in state)
        {
            var entry = (Dictionary<object, object?>)value!;
            var expected = expectedState.GetProperty(key.ToString()!);
            Assert.Equal(new object[] { "step", "exp_avg", "exp_avg_sq" }, entry.Keys);
            var stepTensor = (Tensor)entry["step"]!;
            Assert.Equal(DType.Float32, stepTensor.DType);
            Assert.Equal(expected.GetProperty("step").GetDouble(), stepTensor.Item());
            AssertClose(Problem.Read(expected, "exp_avg"), ((Tensor)entry["exp_avg"]!).ToArray<float>(), 1e-5);
            AssertClose(Problem.Read(expected, "exp_avg_sq"), ((Tensor)entry["exp_avg_sq"]!).ToArray<float>(), 1e-5);
        }

        var groups = (List<object?>)sd["param_groups"]!;
        var expectedGroups = problem.Fixture.GetProperty("param_groups").EnumerateArray().ToList();
        Assert.Equal(expectedGroups.Count, groups.Count);
        for (var i = 0; i < groups.Count; i++)
        {
            var g = (Dictionary<object, object?>)groups[i]!;
            var e = expectedGroups[i];
            Assert.Equal(e.EnumerateObject().Select(p => p.Name), g.Keys.Cast<string>());
            Assert.Equal(e.GetProperty("lr").GetDouble(), (double)g["lr"]!);
            var betas = (object?[])g["betas"]!;
            Assert.Equal(e.GetProperty("betas")[1].GetDouble(), (double)betas[1]!);
            Assert.Equal(e.GetProperty("eps").GetDouble(), (double)g["eps"]!);
            Assert.Equal(e.GetProperty("weight_decay").GetDouble(), (double)g["weight_decay"]!);
            Assert.Null(g["foreach"]);
            Assert.Equal(e.GetProperty("params").EnumerateArray().Select(p => p.GetInt64()),
                ((List<object?>)g["params"]!).Cast<long>());
        }
    }

    [Fact]
    public void LoadedStateContinuesExactlyLikeTheOriginal()
    {
        using var scope = TensorScope.Enter();
        using var a = new Problem();
        using var adamA = a.NewAdam();
        for (var step = 0; step < 2; step++)
        {
            a.SetGradients(true);
            adamA.Step();
        }
        // b starts from a's parameters and loads a's optimiser state; then both take the same step.
        using var b = new Problem(copyOf: a);
        using var adamB = b.NewAdam();
        adamB.ParamGroups[0].LearningRate = 123; // overwritten by the load
        adamB.LoadStateDict(adamA.StateDict());
        Assert.Equal(adamA.ParamGroups[0].LearningRate, adamB.ParamGroups[0].LearningRate);
        a.SetGradients(true);
        b.SetGradients(true);
        adamA.Step();
        adamB.Step();
        Assert.Equal(a.W1.ToArray<float>(), b.W1.ToArray<float>());
        Assert.Equal(a.W2.ToArray<float>(), b.W2.ToArray<float>());
        Assert.Equal(3, adamB.StateOf(b.B1)!.Step);
    }

    [Fact]
    public void LoadingAStateDictOfAnotherLayoutFailsNamingTheProblem()
    {
        using var scope = TensorScope.Enter();
        using var a = new Problem();
        using var adamA = a.NewAdam();
        a.SetGradients(true);
        adamA.Step();
        using var single = new Adam([a.W1, a.B1, a.W2]);
        var e = Assert.Throws<Pv3dException>(() => single.LoadStateDict(adamA.StateDict()));
        Assert.Contains("2 parameter groups", e.Message);

        // Same group sizes, but the parameters' shapes do not fit the saved moments.
        using var w = Tensor.FromArray(new float[4], 4).SetRequiresGrad();
        using var x = Tensor.FromArray(new float[4], 4).SetRequiresGrad();
        using var y = Tensor.FromArray(new float[6], 2, 3).SetRequiresGrad();
        using var other = new Adam([new AdamParamGroup([w, x]), new AdamParamGroup([y])]);
        e = Assert.Throws<Pv3dException>(() => other.LoadStateDict(adamA.StateDict()));
        Assert.Contains("shape [3, 4]", e.Message);
    }

    [Fact]
    public void FirstStepMovesEveryParameterWithAGradientByTheLearningRate()
    {
        // m̂ = g and v̂ = g² after one step, so Δθ = −lr·g/(|g| + eps): magnitude lr for any g ≠ 0.
        using var scope = TensorScope.Enter();
        var init = new float[] { 0.5f, -2, 3, 0, 1, 7 };
        var grad = new float[] { 1e-2f, -3, 250, 0, -1e3f, 0.7f };
        using var p = Tensor.FromArray(init, 2, 3).SetRequiresGrad();
        using var g = Tensor.FromArray(grad, 2, 3);
        p.SetGrad(g);
        const double lr = 0.125;
        using var adam = new Adam([p], lr: lr, betas: (0.8, 0.95));
        adam.Step();
        var after = p.ToArray<float>();
        for (var i = 0; i < init.Length; i++)
        {
            var expected = grad[i] == 0 ? 0 : -Math.Sign(grad[i]) * lr;
            Assert.Equal(expected, after[i] - init[i], 5);
        }
    }

    [Fact]
    public void StepLeavesNoTensorsBehindAndZeroGradClears()
    {
        using var problem = new Problem();
        using var adam = problem.NewAdam();
        problem.SetGradients(true);
        using (var scope = TensorScope.Enter())
        {
            adam.Step();
            adam.Step();
            Assert.Equal(0, scope.Count);
        }
        adam.ZeroGrad(setToNone: false);
        using (TensorScope.Enter()) Assert.All(new[] { problem.W1, problem.B1, problem.W2 }, p => Assert.Equal(0.0, p.Grad!.ToArray<float>().Sum(v => Math.Abs(v))));
        adam.ZeroGrad();
        using (TensorScope.Enter()) Assert.Null(problem.W1.Grad);
    }

    [Fact]
    public void RejectsInvalidHyperParametersAndDuplicateParameters()
    {
        using var p = Tensor.FromArray(new float[2], 2).SetRequiresGrad();
        Assert.Throws<ArgumentException>(() => new Adam([p], lr: -1));
        Assert.Throws<ArgumentException>(() => new Adam([p], betas: (1.0, 0.9)));
        Assert.Throws<ArgumentException>(() => new Adam([new AdamParamGroup([p]), new AdamParamGroup([p])]));
    }
}
