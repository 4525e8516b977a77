using Pv3d.Torch;
using Pv3d.Torch.Modules;

namespace Pv3d.Rendering;

/// <summary>Composited colour and depth per ray, with the interval weights used to place importance samples.</summary>
/// <param name="Rgb">[N, M, C], scaled from [0, 1] compositing to [-1, 1] (2·rgb − 1).</param>
/// <param name="Depth">[N, M, 1] expected depth, clamped into the range of the input depths.</param>
/// <param name="Weights">[N, M, n−1, 1] weight of each interval; with returnDepth the last one also takes 1 − Σw.</param>
/// <param name="Xyz">[N, R, R, 3] expected surface point (returnDepth only).</param>
/// <param name="WeightTotal">[N, R, R, 1] Σw before the background fill (returnDepth only).</param>
public sealed record RayMarchResult(Tensor Rgb, Tensor Depth, Tensor Weights, Tensor? Xyz, Tensor? WeightTotal);

/// <summary>
/// Volume rendering along sorted samples (official <c>MipRayMarcher2</c>, no parameters): quantities
/// at interval midpoints, density activation softplus(σ − 1), α = 1 − exp(−σδ), transmittance as
/// the exclusive product of (1 − α + 1e-10), weights w = α·T.
/// </summary>
public sealed class MipRayMarcher2 : Module
{
    /// <summary>
    /// colors [N, M, n, C], densities [N, M, n, 1] (raw), depths [N, M, n, 1] sorted along the sample
    /// axis. With <paramref name="returnDepth"/> also composites <paramref name="sampleCoordinates"/>
    /// ([N, M·n, 3] or [N, M, n, 3]) into an xyz map; M must then be a square number of rays.
    /// </summary>
    public RayMarchResult Forward(Tensor colors, Tensor densities, Tensor depths, RenderingOptions options,
        bool returnDepth = false, Tensor? sampleCoordinates = null)
    {
        CheckInputs(depths, options);
        if (returnDepth && sampleCoordinates is null)
            throw new ArgumentNullException(nameof(sampleCoordinates), "returnDepth needs the sample coordinates");

        using var scope = TensorScope.Enter();
        var weights = Weights(densities, depths);                                     // [N, M, n-1, 1]
        var depthsMid = Midpoints(depths);
        // The colour tensors are the big ones ([N, M, n, C]): free each as soon as it is used.
        Tensor rgb;
        using (var colorsMid = Midpoints(colors))
        using (var weighted = weights * colorsMid)
            rgb = weighted.Sum(2);
        var weightTotal = weights.Sum(2);                                             // [N, M, 1]
        var depth = (weights * depthsMid).Sum(2) / weightTotal;
        // NaN (no weight at all) becomes +inf, which the clamp then sends to the far end.
        depth = Tensor.Where(depth.IsNan(), Tensor.FullLike(depth, double.PositiveInfinity), depth);
        depth = depth.Clamp(depths.Min(), depths.Max());

        if (options.WhiteBack) rgb = rgb + 1 - weightTotal;

        Tensor? xyz = null, totalMap = null;
        if (returnDepth)
        {
            var (n, m) = (weights.Size(0), weights.Size(1));
            var side = SquareSide(m);
            // The rest of the ray's weight goes to the last interval (white background for depth).
            var last = weights.Slice(2, weights.Size(2) - 1) + (1 - weightTotal).Unsqueeze(2);
            weights = Tensor.Cat(new[] { weights.Slice(2, 0, weights.Size(2) - 1), last }, 2);
            var points = Midpoints(sampleCoordinates!.Reshape(n, m, -1, 3));
            xyz = (weights * points).Sum(2).Reshape(n, side, side, 3).MoveToOuterScope();
            totalMap = weightTotal.Reshape(n, side, side, 1).MoveToOuterScope();
        }

        rgb = rgb * 2 - 1;
        return new RayMarchResult(rgb.MoveToOuterScope(), depth.MoveToOuterScope(), weights.MoveToOuterScope(), xyz, totalMap);
    }

    /// <summary>
    /// Only the interval weights [N, M, n−1, 1] of <see cref="Forward"/> (without the return-depth fill),
    /// which is all the coarse pass needs to place importance samples.
    /// </summary>
    public Tensor IntervalWeights(Tensor densities, Tensor depths, RenderingOptions options)
    {
        CheckInputs(depths, options);
        using var scope = TensorScope.Enter();
        return Weights(densities, depths).MoveToOuterScope();
    }

    private static Tensor Weights(Tensor densities, Tensor depths)
    {
        var deltas = Upper(depths) - Lower(depths);
        var sigma = (Midpoints(densities) - 1).Softplus();
        var alpha = 1 - (-(sigma * deltas)).Exp();
        // Exclusive transmittance: T_0 = 1, T_k = Π_{j<k} (1 − α_j + 1e-10).
        var shifted = Tensor.Cat(new[] { Tensor.OnesLike(alpha.Slice(2, 0, 1)), 1 - alpha + 1e-10 }, 2);
        var transmittance = shifted.Cumprod(2);
        return alpha * transmittance.Slice(2, 0, transmittance.Size(2) - 1);
    }

    private static void CheckInputs(Tensor depths, RenderingOptions options)
    {
        if (options.ClampMode != "softplus")
            throw new Pv3dException($"clamp_mode '{options.ClampMode}' is not supported: the ray marcher only supports 'softplus'");
        if (depths.Dim != 4 || depths.Size(2) < 2)
            throw new ArgumentException($"depths must be [N, M, n, 1] with n >= 2, got [{string.Join(", ", depths.Shape)}]", nameof(depths));
    }

    private static Tensor Lower(Tensor t) => t.Slice(2, 0, t.Size(2) - 1);

    private static Tensor Upper(Tensor t) => t.Slice(2, 1);

    private static Tensor Midpoints(Tensor t)
    {
        using var sum = Lower(t) + Upper(t);
        return sum / 2;
    }

    private static long SquareSide(long rays)
    {
        var side = (long)Math.Round(Math.Sqrt(rays));
        if (side * side != rays) throw new ArgumentException($"xyz maps need a square number of rays, got {rays}");
        return side;
    }
}
