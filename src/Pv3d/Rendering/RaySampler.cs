using Pv3d.Torch;
using Pv3d.Torch.Modules;

namespace Pv3d.Rendering;

/// <summary>
/// One ray per pixel centre of an R x R image (official <c>RaySampler</c>, no parameters). Cameras
/// use the OpenCV convention (x right, y down, z forward) with intrinsics normalised by the image
/// size. Ray m = row·R + column; pixel centres are at ((column + 0.5)/R, (row + 0.5)/R).
/// </summary>
public sealed class RaySampler : Module
{
    /// <summary>
    /// cam2world [N, 4, 4] and intrinsics [N, 3, 3] → ray origins and unit directions, each [N, R², 3].
    /// </summary>
    public (Tensor Origins, Tensor Directions) Forward(Tensor cam2world, Tensor intrinsics, long resolution)
    {
        var n = CheckInputs(cam2world, intrinsics, resolution);
        var m = resolution * resolution;
        using var scope = TensorScope.Enter();

        var camLoc = cam2world.Slice(1, 0, 3).Select(2, 3);                        // [N, 3]
        Tensor K(int row, int col) => intrinsics.Select(1, row).Select(1, col).Unsqueeze(-1); // [N, 1]
        var (fx, fy, cx, cy, sk) = (K(0, 0), K(1, 1), K(0, 2), K(1, 2), K(0, 1));

        var centres = Tensor.Arange(0, resolution, 1, DType.Float32, cam2world.Device) * (1.0 / resolution) + 0.5 / resolution;
        var x = centres.View(1, resolution).Expand(resolution, resolution).Reshape(1, m); // column
        var y = centres.View(resolution, 1).Expand(resolution, resolution).Reshape(1, m); // row

        var xLift = (x - cx + cy * sk / fy - sk * y / fy) / fx;                    // [N, M]
        var yLift = (y - cy) / fy;
        var ones = Tensor.Ones(new[] { n, m }, xLift.DType, cam2world.Device);
        var camPoints = Tensor.Stack(new[] { xLift, yLift, ones, ones }, 1);      // [N, 4, M]
        var world = cam2world.Bmm(camPoints).Slice(1, 0, 3).Permute(0, 2, 1);     // [N, M, 3]

        var dirs = world - camLoc.Unsqueeze(1);
        var norm = dirs.Norm(2, 2, keepDim: true).ClampMin(1e-12);
        var directions = (dirs / norm).MoveToOuterScope();
        var origins = camLoc.Unsqueeze(1).Repeat(1, m, 1).MoveToOuterScope();
        return (origins, directions);
    }

    private static long CheckInputs(Tensor cam2world, Tensor intrinsics, long resolution)
    {
        var c = cam2world.Shape;
        var k = intrinsics.Shape;
        if (c.Length != 3 || c[1] != 4 || c[2] != 4)
            throw new ArgumentException($"cam2world must be [N, 4, 4], got [{string.Join(", ", c)}]", nameof(cam2world));
        if (k.Length != 3 || k[0] != c[0] || k[1] != 3 || k[2] != 3)
            throw new ArgumentException($"intrinsics must be [{c[0]}, 3, 3], got [{string.Join(", ", k)}]", nameof(intrinsics));
        if (resolution < 1) throw new ArgumentOutOfRangeException(nameof(resolution), resolution, "resolution must be positive");
        return c[0];
    }
}
