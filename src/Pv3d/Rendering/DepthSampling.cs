using Pv3d.Torch;

namespace Pv3d.Rendering;

/// <summary>
/// Where the importance renderer samples along rays: stratified coarse depths and importance
/// samples from the coarse weights (official <c>sample_stratified</c>, <c>sample_importance</c>,
/// <c>sample_pdf</c>). Random draws come from the global generator in the official order.
/// </summary>
public static class DepthSampling
{
    /// <summary>
    /// Coarse depths [N, M, S, 1] for rays [N, M, 3]: linspace(ray_start, ray_end, S) (or uniform in
    /// disparity, or between the box intersections for 'auto'), jittered by U[0,1)·spacing when
    /// <paramref name="jitter"/>.
    /// </summary>
    public static Tensor SampleStratified(Tensor rayOrigins, Tensor rayDirections, RenderingOptions options, bool jitter)
    {
        var (n, m) = (rayOrigins.Size(0), rayOrigins.Size(1));
        var s = options.DepthResolution;
        var device = rayOrigins.Device;
        using var scope = TensorScope.Enter();
        Tensor depths;
        if (options.AutoRayLimits)
        {
            var (start0, end0) = RayLimits.IntersectBox(rayOrigins, rayDirections, options.BoxWarp);
            var (start, end) = RayLimits.FillMisses(start0, end0);                     // [N, M, 1]
            var steps = (Tensor.Arange(0, s, 1, DType.Float32, device) / (s - 1)).View(s, 1, 1, 1);
            // Built as [S, N, M, 1] and permuted, like the official code, so that the jitter's random
            // stream fills memory in the same order.
            depths = (start.Unsqueeze(0) + steps * (end - start).Unsqueeze(0)).Permute(1, 2, 0, 3);
            if (jitter) depths = depths + Tensor.RandLike(depths) * ((end - start) / (s - 1)).Unsqueeze(-1);
        }
        else if (options.DisparitySpaceSampling)
        {
            depths = Tensor.Linspace(0, 1, s, DType.Float32, device).Reshape(1, 1, s, 1).Repeat(n, m, 1, 1);
            if (jitter) depths = depths + Tensor.RandLike(depths) * (1.0 / (s - 1));
            var (near, far) = (options.RayStart!.Value, options.RayEnd!.Value);
            depths = 1.0 / ((1 - depths) * (1.0 / near) + depths * (1.0 / far));
        }
        else
        {
            var (near, far) = (options.RayStart!.Value, options.RayEnd!.Value);
            depths = Tensor.Linspace(near, far, s, DType.Float32, device).Reshape(1, 1, s, 1).Repeat(n, m, 1, 1);
            if (jitter) depths = depths + Tensor.RandLike(depths) * ((far - near) / (s - 1));
        }
        return depths.MoveToOuterScope();
    }

    /// <summary>
    /// Importance depths [N, M, Sf, 1] (detached) from coarse depths [N, M, S, 1] and their interval
    /// weights [N, M, S−1, 1]: weights smoothed by a 2-tap max then a 2-tap mean, plus 0.01; bins at
    /// the coarse midpoints; inner weights only (the official slice [1:-1]).
    /// </summary>
    public static Tensor SampleImportance(Tensor depths, Tensor weights, int count, bool deterministic)
    {
        var (n, m, s) = (depths.Size(0), depths.Size(1), depths.Size(2));
        using var scope = TensorScope.Enter();
        using var noGrad = Autograd.NoGrad();
        var z = depths.Reshape(n * m, s);
        var w = weights.Reshape(n * m, -1).Unsqueeze(1).Float();
        w = Functional.MaxPool1d(w, 2, 1, 1);
        w = Functional.AvgPool1d(w, 2, 1).Squeeze(1) + 0.01;                             // [N·M, S−1]
        var bins = (z.Slice(1, 0, s - 1) + z.Slice(1, 1)) * 0.5;
        var samples = SamplePdf(bins, w.Slice(1, 1, -1), count, deterministic);
        return samples.Detach().Reshape(n, m, count, 1).MoveToOuterScope();
    }

    /// <summary>
    /// Inverse-transform sampling of the piecewise-linear CDF over <paramref name="bins"/> [R, B+1]
    /// with <paramref name="weights"/> [R, B]: returns [R, count]. Deterministic u = linspace(0, 1, count),
    /// else u ~ U[0, 1) from the global generator.
    /// </summary>
    public static Tensor SamplePdf(Tensor bins, Tensor weights, int count, bool deterministic, double eps = 1e-5)
    {
        var (rays, b) = (weights.Size(0), weights.Size(1));
        if (bins.Size(1) < b + 1)
            throw new ArgumentException($"{b} weights need at least {b + 1} bin edges, got {bins.Size(1)}", nameof(bins));
        using var scope = TensorScope.Enter();
        var wEps = weights + eps;
        var pdf = wEps / wEps.Sum(-1, keepDim: true);
        var cdf = pdf.Cumsum(-1);
        cdf = Tensor.Cat(new[] { Tensor.ZerosLike(cdf.Slice(1, 0, 1)), cdf }, -1);      // [R, B+1]

        var u = deterministic
            ? Tensor.Linspace(0, 1, count, cdf.DType, cdf.Device).Expand(rays, count).Contiguous()
            : Tensor.Rand(new[] { rays, (long)count }, cdf.DType, cdf.Device);

        var idx = Tensor.Searchsorted(cdf, u, right: true);
        var below = (idx - 1).ClampMin(0);
        var above = idx.ClampMax(b);
        var pairs = Tensor.Stack(new[] { below, above }, -1).View(rays, 2L * count);
        var cdfG = cdf.Gather(1, pairs).View(rays, count, 2);
        var binsG = bins.Gather(1, pairs).View(rays, count, 2);

        var (cdf0, cdf1) = (cdfG.Select(-1, 0), cdfG.Select(-1, 1));
        var (bin0, bin1) = (binsG.Select(-1, 0), binsG.Select(-1, 1));
        var denom = cdf1 - cdf0;
        denom = denom.MaskedFill(denom.Lt(eps), 1);                      // empty bin: never sampled inside, any value works
        return (bin0 + (u - cdf0) / denom * (bin1 - bin0)).MoveToOuterScope();
    }
}
