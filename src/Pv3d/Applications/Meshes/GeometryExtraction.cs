using Pv3d.Geometry;
using Pv3d.Networks;
using Pv3d.Rendering;
using Pv3d.Torch;

namespace Pv3d.Applications.Meshes;

/// <summary>
/// The generator's density field as a grid and its surface as a coloured mesh, as the official render code extracts
/// geometry (<c>evaluation_loop.py</c>): raw σ (before the ray marcher's softplus) from <c>sample_mixed</c> with zero
/// view directions at <c>meshgrid(linspace(−0.5, 0.5, N) ×3, indexing="ij")</c>, marching cubes at iso-level 10.
/// Vertex colours are what the raw image would show there: the decoder's features at the vertex mapped to [−1, 1] as the
/// ray marcher does (·2 − 1) and passed through <c>to_img_raw</c> (a 1×1 modulated conv, so it applies per point).
/// </summary>
public sealed class GeometryExtraction
{
    /// <summary>Half the side of the sampled box (the official render code's <c>scale</c>).</summary>
    public const double OfficialHalfExtent = 0.5;

    /// <summary>The official iso-level (<c>threshold = 10</c> in <c>render_utils.py</c>).</summary>
    public const double OfficialThreshold = 10;

    private const int PointsPerChunk = 1 << 17;

    private readonly TriPlaneGenerator _generator;

    public GeometryExtraction(TriPlaneGenerator generator) => _generator = generator;

    /// <summary>
    /// σ on an N³ grid over [−h, h]³ for one frame: ws [1, num_ws, w_dim], motion [1, D] or [1, K, D], time t.
    /// <paramref name="borderCells"/> &gt; 0 applies EG3D's border (those outer samples set to −1000).
    /// </summary>
    public (DensityGrid Grid, Tensor Planes) Density(Tensor ws, Tensor motion, double t, int resolution, double halfExtent = OfficialHalfExtent,
        int borderCells = 0, CancellationToken cancellation = default)
    {
        if (resolution < 2) throw new Pv3dException($"the grid resolution must be at least 2, got {resolution}");
        using var noGrad = Autograd.NoGrad();
        using var scope = TensorScope.Enter();
        var planes = _generator.SynthesizePlanes(ws, motion, Tensor.Full(new long[] { 1, 1 }, t, device: ws.Device), NoiseMode.Const);
        var coordinates = DensityGrid.CubeCoordinates(resolution, -halfExtent, halfExtent);
        var total = coordinates.Length / 3;
        var sigma = new float[total];
        for (var start = 0; start < total; start += PointsPerChunk)
        {
            cancellation.ThrowIfCancellationRequested();
            var n = Math.Min(PointsPerChunk, total - start);
            using var chunkScope = TensorScope.Enter();
            var xyz = Tensor.FromArray(coordinates[(3 * start)..(3 * (start + n))], 1, n, 3).To(planes.Device);
            var decoded = _generator.Renderer.RunModel(planes, _generator.Decoder, xyz, Tensor.ZerosLike(xyz), _generator.RenderingOptions,
                SamplingMode.Deterministic);
            decoded.Sigma.Reshape(n).Cpu().Contiguous().ToArray<float>().CopyTo(sigma, start);
        }
        var grid = new DensityGrid(resolution, resolution, resolution, sigma, (-halfExtent, -halfExtent, -halfExtent),
            2 * halfExtent / (resolution - 1));
        grid.FillBorder(borderCells);
        return (grid, planes.MoveToOuterScope());
    }

    /// <summary>Colours for the mesh's vertices from the frame's planes (see the class summary).</summary>
    public byte[] VertexColors(TriangleMesh mesh, Tensor planes, Tensor ws)
    {
        var colors = new byte[mesh.Positions.Length];
        if (mesh.VertexCount == 0) return colors;
        using var noGrad = Autograd.NoGrad();
        using var scope = TensorScope.Enter();
        var xyz = Tensor.FromArray(mesh.Positions, 1, mesh.VertexCount, 3).To(planes.Device);
        var decoded = _generator.Renderer.RunModel(planes, _generator.Decoder, xyz, Tensor.ZerosLike(xyz), _generator.RenderingOptions,
            SamplingMode.Deterministic);
        var features = (decoded.Rgb * 2 - 1).Permute(0, 2, 1).Unsqueeze(-1).Contiguous(); // [1, 32, V, 1]
        var rgb = _generator.ToImgRaw.Forward(features, ws.Select(1, 0), fusedModconv: false); // [1, 3, V, 1]
        var values = ((rgb.Clamp(-1, 1) + 1) * 127.5).Reshape(3, mesh.VertexCount).T().Contiguous().Cpu().ToArray<float>();
        for (var i = 0; i < values.Length; i++) colors[i] = (byte)Math.Clamp(Math.Round(values[i]), 0, 255);
        return colors;
    }
}
