namespace Pv3d.Metrics.MultiView;

/// <summary>
/// The official CD (<c>lib/utils/chamfer_distance/script.py</c> with its <c>chamfer_distance(..., x_weight_mask,
/// y_weight_mask, point_reduction="median")</c>): the point clouds are the weight-averaged sample positions of the
/// two frames' rays (the generator's <c>depth</c>/xyz output, R² points each); for every point its squared L2
/// distance to the nearest point of the whole other cloud (pytorch3d <c>knn_points</c>, K=1, float32 sums), kept
/// where that frame's own <c>weights_total &gt; 0.5</c>; the lower median (torch.median) of each direction; their sum.
/// Pairs of the 4 multi-view frames: [[0, 2], [3, 1], [0, 1], [3, 2]]. NaN (no kept point, or NaN points) is skipped
/// by the caller, as the official script skips NaN pairs.
/// </summary>
public static class ChamferDistance
{
    public static readonly int[][] Pairs = { [0, 2], [3, 1], [0, 1], [3, 2] };

    /// <param name="xyzA">[P * 3] points of frame a</param><param name="weightA">[P] weights_total of frame a</param>
    /// <param name="xyzB">[Q * 3]</param><param name="weightB">[Q]</param>
    public static double Pair(float[] xyzA, float[] weightA, float[] xyzB, float[] weightB) =>
        (double)Direction(xyzA, weightA, xyzB) + Direction(xyzB, weightB, xyzA);

    // Lower median, over the kept points of `from`, of the squared distance to the nearest point of `to`.
    private static float Direction(float[] from, float[] weight, float[] to)
    {
        var p = weight.Length;
        var q = to.Length / 3;
        var kept = Enumerable.Range(0, p).Where(i => weight[i] > 0.5f).ToArray();
        if (kept.Length == 0) return float.NaN;
        var nearest = new float[kept.Length];
        Parallel.For(0, kept.Length, k =>
        {
            var i = kept[k];
            float x = from[3 * i], y = from[3 * i + 1], z = from[3 * i + 2];
            var best = float.PositiveInfinity;
            var nan = false;
            for (var j = 0; j < q; j++)
            {
                float dx = x - to[3 * j], dy = y - to[3 * j + 1], dz = z - to[3 * j + 2];
                var d = dx * dx + dy * dy + dz * dz;
                if (float.IsNaN(d)) nan = true;
                else if (d < best) best = d;
            }
            nearest[k] = nan || float.IsNaN(x + y + z) ? float.NaN : best;
        });
        if (nearest.Any(float.IsNaN)) return float.NaN;
        Array.Sort(nearest);
        return nearest[(nearest.Length - 1) / 2];
    }
}
