using Pv3d.Faces.Camera;

namespace Pv3d.Faces;

/// <summary>
/// Gaussian low-pass filters over time (the paper's landmark and camera smoothing, Appendix A.3): each frame becomes the
/// weighted mean of frames within 3 sigma, weights exp(−d²/2σ²) renormalised where the clip ends. σ = 0 copies.
/// </summary>
public static class TemporalSmoothing
{
    /// <summary>Smooths a sequence of equally shaped arrays (for example landmarks [68, 2] per frame).</summary>
    public static double[][,] Smooth(IReadOnlyList<double[,]> frames, double sigma)
    {
        var result = new double[frames.Count][,];
        var radius = sigma > 0 ? (int)Math.Ceiling(3 * sigma) : 0;
        for (var t = 0; t < frames.Count; t++)
        {
            var rows = frames[t].GetLength(0);
            var cols = frames[t].GetLength(1);
            var sum = new double[rows, cols];
            double total = 0;
            for (var s = Math.Max(0, t - radius); s <= Math.Min(frames.Count - 1, t + radius); s++)
            {
                var w = sigma > 0 ? Math.Exp(-(s - t) * (s - t) / (2 * sigma * sigma)) : 1;
                total += w;
                for (var i = 0; i < rows; i++) for (var j = 0; j < cols; j++) sum[i, j] += w * frames[s][i, j];
            }
            for (var i = 0; i < rows; i++) for (var j = 0; j < cols; j++) sum[i, j] /= total;
            result[t] = sum;
        }
        return result;
    }

    /// <summary>
    /// Smooths rotations (3x3 cam2world per frame): the matrices are averaged with the Gaussian weights and the mean
    /// projected back to a rotation (Gram-Schmidt on the forward, then the down column; fine for the small frame-to-frame
    /// changes of a video).
    /// </summary>
    public static double[][,] SmoothRotations(IReadOnlyList<double[,]> rotations, double sigma)
    {
        var mean = Smooth(rotations, sigma);
        return mean.Select(Orthonormalize).ToArray();
    }

    private static double[,] Orthonormalize(double[,] m)
    {
        var z = Normalize(new[] { m[0, 2], m[1, 2], m[2, 2] });
        var yRaw = new[] { m[0, 1], m[1, 1], m[2, 1] };
        var d = yRaw[0] * z[0] + yRaw[1] * z[1] + yRaw[2] * z[2];
        var y = Normalize(new[] { yRaw[0] - d * z[0], yRaw[1] - d * z[1], yRaw[2] - d * z[2] });
        var x = new[] { y[1] * z[2] - y[2] * z[1], y[2] * z[0] - y[0] * z[2], y[0] * z[1] - y[1] * z[0] };
        var r = new double[3, 3];
        for (var i = 0; i < 3; i++) { r[i, 0] = x[i]; r[i, 1] = y[i]; r[i, 2] = z[i]; }
        return r;
    }

    private static double[] Normalize(double[] v)
    {
        var n = Math.Sqrt(v.Sum(a => a * a));
        return v.Select(a => a / n).ToArray();
    }
}
