using Pv3d.Rendering;
using Pv3d.Rendering.Cameras;
using Pv3d.Torch;

namespace Pv3d.Metrics.MultiView;

/// <summary>
/// The official WE (<c>lib/utils/multiview_error/compute_multiview_error.py</c>, <c>--yaw 30 --pitch 0 --size 256</c>,
/// its <c>warp_side</c>): the side frame's expected depth (R², bilinear to size², align_corners=False) is unprojected
/// along the side camera's rays, projected into the canonical camera (pixel = ((x/z)·fx + cx)·2 - 1 mapped to
/// [0, size), truncated, clamped), and each side pixel is splatted there onto a copy of the front frame (later rays
/// overwrite earlier ones, as PyTorch's single-threaded index_put_). Masked: front pixels nothing landed on, and —
/// as the official code does, in the side frame's pixel layout — pixels whose own projection left [-1, 1]. The error
/// is the mean |warped - front| over unmasked channels, in 0..255, of frames resized to size² by cv2.resize.
/// Pairs (front, side): [[0, 2], [3, 1], [0, 1], [3, 2]]; NaN (nothing unmasked) is skipped by the caller.
/// </summary>
public static class WarpingError
{
    public static readonly int[][] Pairs = ChamferDistance.Pairs;
    public const int DefaultSize = 256;

    /// <param name="front">[size, size, 3] front frame (already resized to size)</param>
    /// <param name="side">[size, size, 3] side frame</param>
    /// <param name="sideDepth">[R, R] the side frame's expected depth (image_depth)</param>
    public static double Pair(byte[] front, byte[] side, Tensor sideDepth, Camera frontCamera, Camera sideCamera, int size = DefaultSize)
    {
        if (front.Length != size * size * 3 || side.Length != size * size * 3) throw new ArgumentException($"frames must be {size}x{size}x3");
        var target = Project(sideDepth, frontCamera, sideCamera, size);   // [size*size, 2] grid in the front camera
        var n = size * size;
        var warped = new float[n * 3];
        for (var i = 0; i < warped.Length; i++) warped[i] = front[i];
        var hit = new bool[n];
        var outside = new bool[n];
        for (var m = 0; m < n; m++)
        {
            float gx = target[2 * m], gy = target[2 * m + 1];
            outside[m] = Math.Max(Math.Abs(gx), Math.Abs(gy)) > 1.0f;
            var px = PixelIndex(gx, size);
            var py = PixelIndex(gy, size);
            var at = py * size + px;
            hit[at] = true;
            for (var c = 0; c < 3; c++) warped[at * 3 + c] = side[m * 3 + c];
        }
        double sum = 0;
        long count = 0;
        for (var p = 0; p < n; p++)
        {
            if (!hit[p] || outside[p]) continue; // masked (warped is zeroed there and not counted)
            for (var c = 0; c < 3; c++)
            {
                sum += Math.Abs(Math.Clamp(warped[p * 3 + c], 0f, 255f) - Math.Clamp((float)front[p * 3 + c], 0f, 255f));
                count++;
            }
        }
        return count == 0 ? double.NaN : sum / count;
    }

    // ((g + 1) / 2 * size) as int16 (truncation towards zero), clamped to [0, size - 1]. Float32 like the official code.
    private static int PixelIndex(float g, int size)
    {
        var v = (g + 1f) / 2.0f * size;
        if (float.IsNaN(v)) return 0;
        var t = (int)Math.Clamp(MathF.Truncate(v), short.MinValue, short.MaxValue);
        return Math.Clamp(t, 0, size - 1);
    }

    /// <summary>The side pixels' positions in the front camera, [-1, 1] grid units, float32 as the official tensors.</summary>
    private static float[] Project(Tensor sideDepth, Camera frontCamera, Camera sideCamera, int size)
    {
        using var scope = TensorScope.Enter();
        using var noGrad = Autograd.NoGrad();
        var r = sideDepth.Shape[^1];
        var depth = sideDepth.To(DType.Float32).Cpu().Reshape(1, 1, r, sideDepth.Shape[^2]);
        depth = Functional.Interpolate(depth, new Pair2d(size, size), InterpolateMode.Bilinear, alignCorners: false);
        var side = Camera.ToTensor([sideCamera]);                          // [1, 25]
        var front = Camera.ToTensor([frontCamera]);
        using var sampler = new RaySampler();
        var (origins, dirs) = sampler.Forward(side.Narrow(1, 0, 16).Reshape(1, 4, 4), side.Narrow(1, 16, 9).Reshape(1, 3, 3), size);
        var points = origins + dirs * depth.Reshape(1, size * size, 1);   // [1, M, 3]
        var homogeneous = Tensor.Cat([points, Tensor.Ones(1, size * size, 1)], 2);
        var inCamera = front.Narrow(1, 0, 16).Reshape(1, 4, 4).Inverse().Bmm(homogeneous.Permute(0, 2, 1)).Permute(0, 2, 1); // [1, M, 4]
        var z = inCamera.Narrow(2, 2, 1);
        var xy = Tensor.Cat([inCamera.Narrow(2, 0, 1) / z, inCamera.Narrow(2, 1, 1) / z], 2);
        // The official code scales both axes by c[16] (fx) and shifts by c[18] (cx) of the side camera.
        var fx = side.Narrow(1, 16, 1);
        var cx = side.Narrow(1, 18, 1);
        var grid = (xy * fx + cx) * 2 - 1;
        return grid.Contiguous().ToArray<float>();
    }
}
