using Pv3d.Metrics.Linalg;

namespace Pv3d.Metrics.Fvd;

/// <summary>
/// The Fréchet distance between two Gaussians, as the official <c>_compute_fvd</c>
/// (<c>lib/utils/frechet_video_distance/metrics.py</c>):
/// |mu1 - mu2|² + tr(S1 + S2 - 2 sqrtm(S1 S2)). The official code takes <c>np.real</c> of scipy's
/// <c>sqrtm(S1 S2)</c>; for covariances (symmetric PSD) the eigenvalues of S1 S2 equal those of the symmetric
/// sqrt(S1) S2 sqrt(S1), so tr sqrtm(S1 S2) = Σ sqrt(λᵢ(sqrt(S1) S2 sqrt(S1))), with rounding-level negative
/// eigenvalues clamped to 0 (scipy's imaginary parts, which np.real drops).
/// </summary>
public static class FrechetDistance
{
    /// <param name="mu1">[F]</param><param name="sigma1">[F*F] row-major</param>
    /// <param name="mu2">[F]</param><param name="sigma2">[F*F] row-major</param>
    public static double Compute(double[] mu1, double[] sigma1, double[] mu2, double[] sigma2)
    {
        var n = mu1.Length;
        if (mu2.Length != n || sigma1.Length != (long)n * n || sigma2.Length != (long)n * n)
            throw new Pv3dException($"Fréchet distance: the two statistics have different feature sizes ({mu1.Length} and {mu2.Length})");
        double m = 0;
        for (var i = 0; i < n; i++) m += (mu1[i] - mu2[i]) * (mu1[i] - mu2[i]);
        double trace = 0;
        for (var i = 0; i < n; i++) trace += sigma1[i * n + i] + sigma2[i * n + i];
        return m + trace - 2 * TraceSqrtProduct(sigma1, sigma2, n);
    }

    /// <summary>tr(sqrtm(A B)) for symmetric positive semi-definite A and B (row-major n x n).</summary>
    public static double TraceSqrtProduct(double[] a, double[] b, int n)
    {
        var (values, vectors) = SymmetricEigen.Decompose(a, n);
        // sqrt(A) = V diag(sqrt(max(l, 0))) Vᵀ = (V diag(l^1/4)) (V diag(l^1/4))ᵀ
        var scaled = new double[n * n];
        for (var i = 0; i < n; i++)
            for (var k = 0; k < n; k++)
                scaled[i * n + k] = vectors[i * n + k] * Math.Sqrt(Math.Sqrt(Math.Max(values[k], 0)));
        var sqrtA = MultiplyTransposed(scaled, scaled, n);
        var inner = Multiply(Multiply(sqrtA, b, n), sqrtA, n);
        var (innerValues, _) = SymmetricEigen.Decompose(inner, n);
        double trace = 0;
        foreach (var l in innerValues) trace += Math.Sqrt(Math.Max(l, 0));
        return trace;
    }

    private static double[] Multiply(double[] x, double[] y, int n)
    {
        var r = new double[n * n];
        Parallel.For(0, n, i =>
        {
            for (var k = 0; k < n; k++)
            {
                var xik = x[i * n + k];
                if (xik == 0) continue;
                for (var j = 0; j < n; j++) r[i * n + j] += xik * y[k * n + j];
            }
        });
        return r;
    }

    // x yᵀ
    private static double[] MultiplyTransposed(double[] x, double[] y, int n)
    {
        var r = new double[n * n];
        Parallel.For(0, n, i =>
        {
            for (var j = 0; j < n; j++)
            {
                double s = 0;
                for (var k = 0; k < n; k++) s += x[i * n + k] * y[j * n + k];
                r[i * n + j] = s;
            }
        });
        return r;
    }
}
