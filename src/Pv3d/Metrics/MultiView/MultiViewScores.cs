using Pv3d.Rendering.Cameras;
using Pv3d.Torch;

namespace Pv3d.Metrics.MultiView;

/// <summary>CD and WE of one video's multi-view frames, per pair (NaN where the official scripts skip the pair).</summary>
public static class MultiViewScores
{
    /// <summary>The 4 official CD pairs of one video.</summary>
    public static double[] Chamfer(MultiViewFrames frames) =>
        ChamferDistance.Pairs.Select(p => ChamferDistance.Pair(frames.Xyz[p[0]], frames.WeightTotal[p[0]], frames.Xyz[p[1]], frames.WeightTotal[p[1]])).ToArray();

    /// <summary>The 4 official WE pairs of one video (frames resized to <paramref name="size"/> with cv2's bilinear).</summary>
    public static double[] Warping(MultiViewFrames frames, Camera side, int size = WarpingError.DefaultSize)
    {
        var resized = frames.Images.Select(im => Cv2Resize.Linear(im, frames.ImageSize, frames.ImageSize, 3, size, size)).ToArray();
        var r = frames.RenderingResolution;
        using var scope = TensorScope.Enter();
        return WarpingError.Pairs.Select(p =>
        {
            var depth = Tensor.FromArray(frames.Depth[p[1]], r, r);
            return WarpingError.Pair(resized[p[0]], resized[p[1]], depth, Camera.Canonical, side, size);
        }).ToArray();
    }

    /// <summary>Mean over the non-NaN values (NaN when there are none).</summary>
    public static double MeanOfValid(IEnumerable<double> values)
    {
        var valid = values.Where(v => !double.IsNaN(v)).ToArray();
        return valid.Length == 0 ? double.NaN : valid.Average();
    }
}
