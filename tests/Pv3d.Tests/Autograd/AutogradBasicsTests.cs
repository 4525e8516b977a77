using Pv3d.Torch;

namespace Pv3d.Tests.Autograd;

// Uses only Linear and data in/out, so the expected gradients are closed forms computed here by hand:
// for y = x W^T + b and upstream gradient G: dW = G^T x, db = column sums of G, dx = G W.
public class AutogradBasicsTests
{
    private static readonly double[] X = { 1, 2, -1, 0.5, 3, -2 };      // [2, 3]
    private static readonly double[] W = { 0.5, -1, 2, 1.5, 0.25, -0.75 }; // [2, 3]
    private static readonly double[] B = { 0.1, -0.2 };                 // [2]
    private static readonly double[] G = { 1, -2, 0.5, 3 };             // [2, 2]

    private static double[] ExpectedWeightGrad()
    {
        var dw = new double[6];
        for (var o = 0; o < 2; o++)
            for (var i = 0; i < 3; i++)
                for (var n = 0; n < 2; n++)
                    dw[o * 3 + i] += G[n * 2 + o] * X[n * 3 + i];
        return dw;
    }

    private static double[] ExpectedInputGrad()
    {
        var dx = new double[6];
        for (var n = 0; n < 2; n++)
            for (var i = 0; i < 3; i++)
                for (var o = 0; o < 2; o++)
                    dx[n * 3 + i] += G[n * 2 + o] * W[o * 3 + i];
        return dx;
    }

    [Fact]
    public void BackwardAccumulatesClosedFormGradientsIntoLeaves()
    {
        using var scope = TensorScope.Enter();
        var x = Tensor.FromArray(X, 2, 3).SetRequiresGrad(true);
        var w = Tensor.FromArray(W, 2, 3).SetRequiresGrad(true);
        var b = Tensor.FromArray(B, 2).SetRequiresGrad(true);
        var y = Functional.Linear(x, w, b);
        Assert.True(y.RequiresGrad);
        Assert.False(y.IsLeaf);
        Assert.True(w.IsLeaf);
        Assert.Null(w.Grad);

        y.Backward(Tensor.FromArray(G, 2, 2));

        AssertClose(ExpectedWeightGrad(), w.Grad!.ToArray<double>());
        AssertClose(new[] { G[0] + G[2], G[1] + G[3] }, b.Grad!.ToArray<double>());
        AssertClose(ExpectedInputGrad(), x.Grad!.ToArray<double>());

        // A second backward through a fresh graph accumulates: gradients double.
        Functional.Linear(x, w, b).Backward(Tensor.FromArray(G, 2, 2));
        AssertClose(ExpectedWeightGrad().Select(v => 2 * v).ToArray(), w.Grad!.ToArray<double>());
    }

    [Fact]
    public void ZeroGradKeepsTheBufferAndSetGradNullClearsIt()
    {
        using var scope = TensorScope.Enter();
        var x = Tensor.FromArray(X, 2, 3);
        var w = Tensor.FromArray(W, 2, 3).SetRequiresGrad(true);
        Functional.Linear(x, w).Backward(Tensor.FromArray(G, 2, 2));
        w.ZeroGrad();
        Assert.All(w.Grad!.ToArray<double>(), v => Assert.Equal(0.0, v));
        w.SetGrad(null);
        Assert.Null(w.Grad);
        w.SetGrad(Tensor.FromArray(new double[] { 1, 2, 3, 4, 5, 6 }, 2, 3));
        Assert.Equal(new double[] { 1, 2, 3, 4, 5, 6 }, w.Grad!.ToArray<double>());
    }

    [Fact]
    public void AutogradGradReturnsGradientsWithoutAccumulating()
    {
        using var scope = TensorScope.Enter();
        var x = Tensor.FromArray(X, 2, 3).SetRequiresGrad(true);
        var w = Tensor.FromArray(W, 2, 3).SetRequiresGrad(true);
        var unused = Tensor.FromArray(new double[] { 1 }, 1).SetRequiresGrad(true);
        var y = Functional.Linear(x, w);

        var grads = Torch.Autograd.Grad(new[] { y }, new[] { w, x, unused }, new[] { Tensor.FromArray(G, 2, 2) }, allowUnused: true);

        AssertClose(ExpectedWeightGrad(), grads[0]!.ToArray<double>());
        AssertClose(ExpectedInputGrad(), grads[1]!.ToArray<double>());
        Assert.Null(grads[2]);
        Assert.Null(w.Grad);
        Assert.False(grads[0]!.RequiresGrad);
    }

    [Fact]
    public void UnusedInputWithoutAllowUnusedIsAnError()
    {
        using var scope = TensorScope.Enter();
        var w = Tensor.FromArray(W, 2, 3).SetRequiresGrad(true);
        var other = Tensor.FromArray(new double[] { 1 }, 1).SetRequiresGrad(true);
        var y = Functional.Linear(Tensor.FromArray(X, 2, 3), w);
        Assert.Throws<TorchException>(() => Torch.Autograd.Grad(new[] { y }, new[] { other }, new[] { Tensor.FromArray(G, 2, 2) }));
    }

    [Fact]
    public void BackwardOfNonScalarWithoutGradientIsAnError()
    {
        using var scope = TensorScope.Enter();
        var w = Tensor.FromArray(W, 2, 3).SetRequiresGrad(true);
        var y = Functional.Linear(Tensor.FromArray(X, 2, 3), w);
        var e = Assert.Throws<TorchException>(() => y.Backward());
        Assert.Contains("scalar", e.Message);
    }

    [Fact]
    public void SecondBackwardThroughFreedGraphFailsUnlessRetained()
    {
        using var scope = TensorScope.Enter();
        var w = Tensor.FromArray(W, 2, 3).SetRequiresGrad(true);
        var x = Tensor.FromArray(X, 2, 3).SetRequiresGrad(true);
        var g = Tensor.FromArray(G, 2, 2);
        // Linear saves its inputs for backward, which the first backward frees.
        var y = Functional.Linear(x, w);
        y.Backward(g, retainGraph: true);
        y.Backward(g);
        AssertClose(ExpectedWeightGrad().Select(v => 2 * v).ToArray(), w.Grad!.ToArray<double>());
        Assert.Throws<TorchException>(() => y.Backward(g));
    }

    [Fact]
    public void DetachCutsTheGraphAndSharesStorage()
    {
        using var scope = TensorScope.Enter();
        var w = Tensor.FromArray(W, 2, 3).SetRequiresGrad(true);
        var y = Functional.Linear(Tensor.FromArray(X, 2, 3), w);
        var d = y.Detach();
        Assert.False(d.RequiresGrad);
        Assert.True(d.IsLeaf);
        Assert.Equal(y.DataPtr, d.DataPtr);
        y.DetachInPlace();
        Assert.False(y.RequiresGrad);
    }

    [Fact]
    public void RetainGradKeepsTheGradientOfAnIntermediate()
    {
        using var scope = TensorScope.Enter();
        var w = Tensor.FromArray(W, 2, 3).SetRequiresGrad(true);
        var y = Functional.Linear(Tensor.FromArray(X, 2, 3), w).RetainGrad();
        y.Backward(Tensor.FromArray(G, 2, 2));
        AssertClose(G, y.Grad!.ToArray<double>());
    }

    internal static void AssertClose(double[] expected, double[] actual, double tolerance = 1e-12)
    {
        Assert.Equal(expected.Length, actual.Length);
        for (var i = 0; i < expected.Length; i++)
            Assert.True(Math.Abs(expected[i] - actual[i]) <= tolerance * (1 + Math.Abs(expected[i])),
                $"element {i}: expected {expected[i]}, got {actual[i]}");
    }
}
