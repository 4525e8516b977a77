using Pv3d.Torch;
using Pv3d.Torch.Modules;

namespace Pv3d.Rendering;

/// <summary>What the renderer returns per ray (official tuple order).</summary>
/// <param name="Rgb">[N, M, C] composited features in [-1, 1] (the first 3 channels are the raw image).</param>
/// <param name="Depth">[N, M, 1] expected depth.</param>
/// <param name="WeightsSum">[N, M, 1] sum of the final interval weights (1 with returnDepth, which fills the rest).</param>
/// <param name="Xyz">[N, R, R, 3] expected surface points (returnDepth only).</param>
/// <param name="WeightTotal">[N, R, R, 1] opacity before the fill (returnDepth only).</param>
public sealed record RenderResult(Tensor Rgb, Tensor Depth, Tensor WeightsSum, Tensor? Xyz, Tensor? WeightTotal);

/// <summary>
/// Tri-plane volume renderer (official <c>ImportanceRenderer</c>): a coarse pass at stratified depths,
/// importance samples placed from the coarse weights, then one ray-marching pass over the union of
/// both sample sets sorted by depth. Holds the ray marcher as child <c>ray_marcher</c>; no parameters.
/// The plane axes are constants made per call (a plain attribute in the official module, not state).
/// </summary>
public sealed class ImportanceRenderer : Module
{
    public ImportanceRenderer() => RegisterModule("ray_marcher", new MipRayMarcher2());

    public MipRayMarcher2 RayMarcher => GetModule<MipRayMarcher2>("ray_marcher");

    /// <summary>
    /// Renders rays [N, M, 3] through plane features [N, 3, C, H, W]. <paramref name="returnDepth"/>
    /// also returns xyz and opacity maps (M must be square) and, in stochastic mode, disables the
    /// coarse jitter exactly as the official flag does.
    /// </summary>
    public RenderResult Forward(Tensor planes, ITriplaneDecoder decoder, Tensor rayOrigins, Tensor rayDirections,
        RenderingOptions options, SamplingMode mode = SamplingMode.Deterministic, bool returnDepth = false)
    {
        CheckRays(rayOrigins, rayDirections, planes);
        var deterministic = mode == SamplingMode.Deterministic;
        using var scope = TensorScope.Enter();

        var depthsCoarse = DepthSampling.SampleStratified(rayOrigins, rayDirections, options, jitter: !deterministic && !returnDepth);
        var coarse = Evaluate(planes, decoder, rayOrigins, rayDirections, depthsCoarse, options, mode);

        RayMarchResult final;
        var fineCount = options.DepthResolutionImportance;
        if (fineCount > 0)
        {
            var coarseWeights = RayMarcher.IntervalWeights(coarse.Densities, depthsCoarse, options);
            var depthsFine = DepthSampling.SampleImportance(depthsCoarse, coarseWeights, fineCount, deterministic);
            var fine = Evaluate(planes, decoder, rayOrigins, rayDirections, depthsFine, options, mode);

            var all = RaySamples.Unify(depthsCoarse, coarse, depthsFine, fine);
            coarse.Colors.Dispose();   // the merged copy replaces them (autograd keeps what it needs)
            fine.Colors.Dispose();
            final = RayMarcher.Forward(all.Colors, all.Densities, all.Depths, options, returnDepth, all.Points);
        }
        else
        {
            final = RayMarcher.Forward(coarse.Colors, coarse.Densities, depthsCoarse, options, returnDepth, coarse.Points);
        }

        return new RenderResult(final.Rgb.MoveToOuterScope(), final.Depth.MoveToOuterScope(),
            final.Weights.Sum(2).MoveToOuterScope(), final.Xyz?.MoveToOuterScope(), final.WeightTotal?.MoveToOuterScope());
    }

    /// <summary>
    /// Most points decoded at once (over the whole batch). Decoding is pointwise, so larger inputs are
    /// split along the points without changing results; this bounds the memory of the plane lookups
    /// and the decoder's hidden layer.
    /// </summary>
    public long MaxPointsPerChunk { get; set; } = 1 << 18;

    /// <summary>
    /// Decodes arbitrary points: coordinates and directions [N, M, 3] → rgb [N, M, C] and raw sigma
    /// [N, M, 1] (official <c>run_model</c>). <c>density_noise</c> is added only in stochastic mode.
    /// </summary>
    public DecodedSamples RunModel(Tensor planes, ITriplaneDecoder decoder, Tensor coordinates, Tensor directions,
        RenderingOptions options, SamplingMode mode = SamplingMode.Deterministic)
    {
        using var scope = TensorScope.Enter();
        using var axes = PlaneSampling.PlaneAxes(coordinates.Device);
        var (n, m) = (coordinates.Size(0), coordinates.Size(1));
        var perChunk = Math.Max(1, MaxPointsPerChunk / Math.Max(n, 1));
        Tensor rgb, sigma;
        if (m <= perChunk)
        {
            (rgb, sigma) = Decode(planes, decoder, axes, coordinates, directions, options.BoxWarp);
        }
        else
        {
            var parts = new List<DecodedSamples>();
            for (long start = 0; start < m; start += perChunk)
            {
                var length = Math.Min(perChunk, m - start);
                parts.Add(Decode(planes, decoder, axes, coordinates.Narrow(1, start, length), directions.Narrow(1, start, length),
                    options.BoxWarp));
            }
            rgb = Tensor.Cat(parts.Select(p => p.Rgb).ToList(), 1);
            sigma = Tensor.Cat(parts.Select(p => p.Sigma).ToList(), 1);
            foreach (var p in parts) { p.Rgb.Dispose(); p.Sigma.Dispose(); }
        }
        // Drawn once for the whole tensor, so chunking does not change the official random stream.
        if (mode == SamplingMode.Stochastic && options.DensityNoise > 0)
            sigma = sigma + Tensor.RandnLike(sigma) * options.DensityNoise;
        return new DecodedSamples(Rgb: rgb.MoveToOuterScope(), Sigma: sigma.MoveToOuterScope());
    }

    private static DecodedSamples Decode(Tensor planes, ITriplaneDecoder decoder, Tensor axes, Tensor coordinates, Tensor directions,
        double boxWarp)
    {
        using var scope = TensorScope.Enter();
        var features = PlaneSampling.SampleFromPlanes(axes, planes, coordinates, boxWarp);
        var (rgb, sigma) = decoder.Decode(features, directions);
        return new DecodedSamples(Rgb: rgb.MoveToOuterScope(), Sigma: sigma.MoveToOuterScope());
    }

    /// <summary>Decodes the points o + t·d for depths [N, M, S, 1]; results are shaped per ray and sample.</summary>
    private RaySamples Evaluate(Tensor planes, ITriplaneDecoder decoder, Tensor origins, Tensor directions, Tensor depths,
        RenderingOptions options, SamplingMode mode)
    {
        var (n, m, s) = (depths.Size(0), depths.Size(1), depths.Size(2));
        var points = origins.Unsqueeze(-2) + depths * directions.Unsqueeze(-2);                 // [N, M, S, 3]
        var sampleDirs = directions.Unsqueeze(-2).Expand(n, m, s, 3).Reshape(n, m * s, 3);
        var (rgb, sigma) = RunModel(planes, decoder, points.Reshape(n, m * s, 3), sampleDirs, options, mode);
        return new RaySamples(rgb.Reshape(n, m, s, rgb.Size(-1)), sigma.Reshape(n, m, s, 1), points);
    }

    private static void CheckRays(Tensor origins, Tensor directions, Tensor planes)
    {
        var o = origins.Shape;
        if (o.Length != 3 || o[2] != 3)
            throw new ArgumentException($"ray origins must be [N, M, 3], got [{string.Join(", ", o)}]", nameof(origins));
        if (!directions.Shape.SequenceEqual(o))
            throw new ArgumentException($"ray directions [{string.Join(", ", directions.Shape)}] must match the origins [{string.Join(", ", o)}]", nameof(directions));
        if (planes.Dim != 5 || planes.Size(0) != o[0])
            throw new ArgumentException($"planes must be [{o[0]}, 3, C, H, W], got [{string.Join(", ", planes.Shape)}]", nameof(planes));
    }
}
