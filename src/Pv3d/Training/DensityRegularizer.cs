using Pv3d.Torch;

namespace Pv3d.Training;

/// <summary>
/// The points and densities of the Greg phase: <c>p0 ~ U[−1,1]³</c> per row, <c>p1 = p0 + N(0,1)·pDist</c>,
/// both evaluated in one call of the sampler on <c>cat[p0, p1]</c> along the point axis.
/// </summary>
public static class DensityRegularizer
{
    /// <summary>Official number of points per row.</summary>
    public const int DefaultPointCount = 1000;

    /// <summary>
    /// Draws the points from the global generator (uniform, then normal, as official) and returns the
    /// sampler's raw densities at the initial and perturbed points. <paramref name="sampler"/> maps
    /// coordinates [rows, 2·points, 3] to sigma [rows, 2·points, 1]; for the generator it is
    /// <c>c =&gt; G.SampleMixed(c, Tensor.RandnLike(c), ws, zMotion, t).Sigma</c> (official draws the
    /// directions after the points).
    /// </summary>
    public static (Tensor Initial, Tensor Perturbed) SampleSigmas(Func<Tensor, Tensor> sampler, long rows, double pDist,
        int pointCount = DefaultPointCount, DType dtype = DType.Float32, Device? device = null)
    {
        using var scope = TensorScope.Enter();
        var initial = Tensor.Rand(new[] { rows, pointCount, 3L }, dtype, device) * 2 - 1;
        var perturbed = initial + Tensor.RandnLike(initial) * pDist;
        var sigma = sampler(Tensor.Cat(new[] { initial, perturbed }, 1));
        var half = sigma.Shape[1] / 2;
        var first = sigma.Narrow(1, 0, half).MoveToOuterScope();
        var second = sigma.Narrow(1, half, sigma.Shape[1] - half).MoveToOuterScope();
        return (first, second);
    }
}
