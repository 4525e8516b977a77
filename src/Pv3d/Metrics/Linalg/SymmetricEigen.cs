namespace Pv3d.Metrics.Linalg;

/// <summary>
/// Eigen-decomposition of a real symmetric matrix, A = V diag(values) Vᵀ: Householder reduction to tridiagonal
/// form, then implicit QR steps with Wilkinson shifts (Golub and Van Loan, algorithms 8.3.1 and 8.3.3), both
/// accumulated into V. Backward stable; a 400x400 covariance (the I3D feature size) takes well under a second.
/// The engine has no eigen-solver, and FVD needs this once per pair of statistics.
/// </summary>
public static class SymmetricEigen
{
    /// <param name="matrix">Row-major n x n, symmetric (its symmetric part is used).</param>
    /// <returns>Eigenvalues (unsorted) and the eigenvectors as the columns of the row-major n x n V.</returns>
    public static (double[] Values, double[] Vectors) Decompose(double[] matrix, int n)
    {
        if (matrix.Length != (long)n * n) throw new ArgumentException($"matrix has {matrix.Length} entries, expected {n}x{n}");
        var t = new double[matrix.Length];
        for (var i = 0; i < n; i++)
            for (var j = 0; j < n; j++)
                t[i * n + j] = 0.5 * (matrix[i * n + j] + matrix[j * n + i]);
        var q = new double[t.Length];
        for (var i = 0; i < n; i++) q[i * n + i] = 1;
        Tridiagonalize(t, q, n);
        DiagonalizeTridiagonal(t, q, n);
        var values = new double[n];
        for (var i = 0; i < n; i++) values[i] = t[i * n + i];
        return (values, q);
    }

    // T <- Hᵀ T H for Householder reflections H = I - 2vvᵀ that zero column k below the sub-diagonal; Q <- Q H.
    private static void Tridiagonalize(double[] t, double[] q, int n)
    {
        var v = new double[n];
        var p = new double[n];
        for (var k = 0; k < n - 2; k++)
        {
            var m = n - k - 1; // size of the trailing block, rows/cols k+1 .. n-1
            double tail = 0;
            for (var i = 1; i < m; i++) tail += t[(k + 1 + i) * n + k] * t[(k + 1 + i) * n + k];
            if (tail == 0) continue; // column already tridiagonal
            var x0 = t[(k + 1) * n + k];
            var sigma = Math.Sqrt(x0 * x0 + tail);
            var alpha = x0 >= 0 ? -sigma : sigma; // the sign that avoids cancellation in v0
            for (var i = 0; i < m; i++) v[i] = t[(k + 1 + i) * n + k];
            v[0] -= alpha;
            double vnorm = 0;
            for (var i = 0; i < m; i++) vnorm += v[i] * v[i];
            vnorm = Math.Sqrt(vnorm);
            for (var i = 0; i < m; i++) v[i] /= vnorm;

            // p = B v, K = vᵀ p, w = p - K v; B <- B - 2 (v wᵀ + w vᵀ) for the trailing block B.
            Parallel.For(0, m, i =>
            {
                double s = 0;
                var row = (k + 1 + i) * n + k + 1;
                for (var j = 0; j < m; j++) s += t[row + j] * v[j];
                p[i] = s;
            });
            double kk = 0;
            for (var i = 0; i < m; i++) kk += v[i] * p[i];
            for (var i = 0; i < m; i++) p[i] -= kk * v[i];
            Parallel.For(0, m, i =>
            {
                var row = (k + 1 + i) * n + k + 1;
                for (var j = 0; j < m; j++) t[row + j] -= 2 * (v[i] * p[j] + p[i] * v[j]);
            });
            t[(k + 1) * n + k] = t[k * n + k + 1] = alpha;
            for (var i = 1; i < m; i++) t[(k + 1 + i) * n + k] = t[k * n + k + 1 + i] = 0;

            Parallel.For(0, n, i =>
            {
                var row = i * n + k + 1;
                double s = 0;
                for (var j = 0; j < m; j++) s += q[row + j] * v[j];
                for (var j = 0; j < m; j++) q[row + j] -= 2 * s * v[j];
            });
        }
    }

    // Implicit symmetric QR with Wilkinson shifts on the (dense-stored) tridiagonal T, rotations accumulated into Q.
    private static void DiagonalizeTridiagonal(double[] t, double[] q, int n)
    {
        var eps = 2.220446049250313e-16;
        bool Negligible(int i) => Math.Abs(t[i * n + i - 1]) <= eps * (Math.Abs(t[i * n + i]) + Math.Abs(t[(i - 1) * n + i - 1]));
        var h = n - 1;
        var iterations = 0;
        while (h > 0)
        {
            if (Negligible(h))
            {
                t[h * n + h - 1] = t[(h - 1) * n + h] = 0;
                h--;
                iterations = 0;
                continue;
            }
            if (++iterations > 60) throw new InvalidOperationException("symmetric eigen-solver did not converge");
            var l = h - 1;
            while (l > 0 && !Negligible(l)) l--;
            if (l > 0) t[l * n + l - 1] = t[(l - 1) * n + l] = 0;

            // Wilkinson shift from the trailing 2x2 block.
            var a = t[(h - 1) * n + h - 1];
            var b = t[h * n + h - 1];
            var c0 = t[h * n + h];
            var dd = (a - c0) / 2;
            var mu = c0 - b * b / (dd + (dd >= 0 ? 1 : -1) * Math.Sqrt(dd * dd + b * b));
            var x = t[l * n + l] - mu;
            var z = t[(l + 1) * n + l];
            for (var k = l; k < h; k++)
            {
                var r = Math.Sqrt(x * x + z * z);
                if (r == 0) break;
                var c = x / r;
                var s = -z / r;
                var lo = Math.Max(l, k - 1);
                var hi = Math.Min(h, k + 2);
                for (var j = lo; j <= hi; j++)
                {
                    var tk = t[k * n + j];
                    var tk1 = t[(k + 1) * n + j];
                    t[k * n + j] = c * tk - s * tk1;
                    t[(k + 1) * n + j] = s * tk + c * tk1;
                }
                for (var i = lo; i <= hi; i++)
                {
                    var tik = t[i * n + k];
                    var tik1 = t[i * n + k + 1];
                    t[i * n + k] = c * tik - s * tik1;
                    t[i * n + k + 1] = s * tik + c * tik1;
                }
                for (var i = 0; i < n; i++)
                {
                    var qik = q[i * n + k];
                    var qik1 = q[i * n + k + 1];
                    q[i * n + k] = c * qik - s * qik1;
                    q[i * n + k + 1] = s * qik + c * qik1;
                }
                if (k < h - 1)
                {
                    // The bulge below the sub-diagonal is chased by the next rotation.
                    x = t[(k + 1) * n + k];
                    z = t[(k + 2) * n + k];
                }
            }
        }
    }
}
