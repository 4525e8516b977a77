using Pv3d.Torch;

namespace Pv3d.Rendering;

/// <summary>
/// Tri-plane lookups (official <c>generate_planes</c>, <c>project_onto_planes</c>, <c>sample_from_planes</c>).
/// Plane k's 2-D coordinates are the first two components of p · inv(A_k). With the official axes
/// this gives (x, y), (x, z) and (z, x): the third plane's transposed order is the official
/// behaviour, which trained checkpoints depend on, so it is kept.
/// </summary>
public static class PlaneSampling
{
    /// <summary>The official plane axes A_0, A_1, A_2 as a float32 [3, 3, 3] tensor.</summary>
    public static Tensor PlaneAxes(Device? device = null)
    {
        float[] axes =
        {
            1, 0, 0, 0, 1, 0, 0, 0, 1,
            1, 0, 0, 0, 0, 1, 0, 1, 0,
            0, 0, 1, 1, 0, 0, 0, 1, 0,
        };
        using var cpu = Tensor.FromArray(axes, 3, 3, 3);
        return device is { } d && d != Device.CPU ? cpu.To(d) : cpu.Clone();
    }

    /// <summary>coordinates [N, M, 3], axes [P, 3, 3] → plane coordinates [N·P, M, 2] (batch-major, then plane).</summary>
    public static Tensor ProjectOntoPlanes(Tensor planeAxes, Tensor coordinates)
    {
        var shape = coordinates.Shape;
        if (shape.Length != 3 || shape[2] != 3)
            throw new ArgumentException($"coordinates must be [N, M, 3], got [{string.Join(", ", shape)}]", nameof(coordinates));
        var planes = planeAxes.Size(0);
        using var scope = TensorScope.Enter();
        var inverse = planeAxes.To(coordinates.Device, coordinates.DType).Inverse().Slice(2, 0, 2); // [P, 3, 2]
        var projected = coordinates.Unsqueeze(1).Matmul(inverse.Unsqueeze(0));                          // [N, P, M, 2]
        return projected.Reshape(shape[0] * planes, shape[1], 2).MoveToOuterScope();
    }

    /// <summary>
    /// Bilinearly samples plane features [N, P, C, H, W] (zeros outside, align_corners=false) at
    /// coordinates [N, M, 3], after scaling the box of side <paramref name="boxWarp"/> onto [-1, 1].
    /// Returns [N, P, M, C].
    /// </summary>
    public static Tensor SampleFromPlanes(Tensor planeAxes, Tensor planeFeatures, Tensor coordinates, double boxWarp)
    {
        var f = planeFeatures.Shape;
        if (f.Length != 5)
            throw new ArgumentException($"plane features must be [N, planes, C, H, W], got [{string.Join(", ", f)}]", nameof(planeFeatures));
        var (n, planes, c, h, w) = (f[0], f[1], f[2], f[3], f[4]);
        if (planes != planeAxes.Size(0))
            throw new ArgumentException($"{planes} feature planes but {planeAxes.Size(0)} plane axes", nameof(planeFeatures));
        var m = coordinates.Size(1);
        if (coordinates.Size(0) != n)
            throw new ArgumentException($"coordinates batch {coordinates.Size(0)} differs from the planes' batch {n}", nameof(coordinates));

        using var scope = TensorScope.Enter();
        var scaled = coordinates * (2.0 / boxWarp);
        var grid = ProjectOntoPlanes(planeAxes, scaled).Unsqueeze(1).Float();                 // [N·P, 1, M, 2]
        var sampled = Functional.GridSample(planeFeatures.Reshape(n * planes, c, h, w), grid,
            GridSampleMode.Bilinear, GridSamplePadding.Zeros, alignCorners: false);             // [N·P, C, 1, M]
        return sampled.Permute(0, 3, 2, 1).Reshape(n, planes, m, c).MoveToOuterScope();
    }
}
