using Pv3d.Torch;
using static Pv3d.Tests.Ops.OpsAssert;

namespace Pv3d.Tests.Ops;

/// <summary>The ops record autograd on their own: gradients flow without any wrapper.</summary>
public class AutogradThroughOpsTests
{
    [Fact]
    public void PointwiseAndReductionGradientsMatchClosedForms()
    {
        using var scope = TensorScope.Enter();
        var data = new double[] { 0.5, -1, 2 };
        var x = Tensor.FromArray(data).SetRequiresGrad();
        // d/dx sum(x^2 * 3 + exp(x) - sin(x) / 2) = 6x + exp(x) - cos(x) / 2
        var y = ((x.Square() * 3) + x.Exp() - x.Sin() / 2).Sum();
        y.Backward();
        Close(data.Select(v => 6 * v + Math.Exp(v) - Math.Cos(v) / 2).ToArray(), x.Grad!, 1e-12);
    }

    [Fact]
    public void ShapeIndexingAndMatmulGradients()
    {
        using var scope = TensorScope.Enter();
        var a = Tensor.Arange(0, 6, 1, DType.Float64).View(2, 3).Clone().SetRequiresGrad();
        var w = Tensor.Ones(new long[] { 3, 2 }, DType.Float64).SetRequiresGrad();
        // loss = sum(cat([flatten(a @ w), a[:, 1]])), the column taken through a transposed view.
        var prod = a.Matmul(w);                                      // [2, 2]
        var picked = a.Transpose(0, 1).Select(0, 1).Unsqueeze(0);   // a[:, 1] as [1, 2]
        var joined = Tensor.Cat(new[] { prod.Flatten(), picked.Flatten() });
        joined.Sum().Backward();
        // d/da of sum(a @ w) = row sums of w for every element = 2; plus 1 on column 1.
        Assert.Equal(new double[] { 2, 3, 2, 2, 3, 2 }, Values(a.Grad!));
        // d/dw[k, j] of sum(a @ w) = sum_i a[i, k] = column sums of a.
        Assert.Equal(new double[] { 3, 3, 5, 5, 7, 7 }, Values(w.Grad!));
    }

    [Fact]
    public void GatherAndWhereGradientsRouteToPickedElements()
    {
        using var scope = TensorScope.Enter();
        var x = Tensor.FromArray(new double[] { 1, -2, 3, -4 }).SetRequiresGrad();
        var g = x.Gather(0, Tensor.FromArray(new long[] { 2, 2, 0 }));
        var pos = Tensor.Where(x.Gt(0), x, Tensor.ZerosLike(x));
        (g.Sum() + pos.Sum()).Backward();
        Assert.Equal(new double[] { 2, 0, 3, 0 }, Values(x.Grad!));
    }
}
