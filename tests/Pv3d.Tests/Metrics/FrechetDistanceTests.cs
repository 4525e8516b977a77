using Pv3d.Metrics.Fvd;
using Pv3d.Metrics.Linalg;

namespace Pv3d.Tests.Metrics;

/// <summary>The matrix square-root trace and the eigen-solver on matrices with known answers.</summary>
public class FrechetDistanceTests
{
    private static double[] Random(int n, int seed)
    {
        var rng = new Random(seed);
        return Enumerable.Range(0, n * n).Select(_ => rng.NextDouble() * 2 - 1).ToArray();
    }

    private static double[] Mul(double[] a, double[] b, int n, bool transposeB = false)
    {
        var r = new double[n * n];
        for (var i = 0; i < n; i++)
            for (var j = 0; j < n; j++)
                for (var k = 0; k < n; k++)
                    r[i * n + j] += a[i * n + k] * (transposeB ? b[j * n + k] : b[k * n + j]);
        return r;
    }

    // Gram-Schmidt on a random matrix: a random orthogonal Q.
    private static double[] Orthogonal(int n, int seed)
    {
        var q = Random(n, seed);
        for (var c = 0; c < n; c++)
        {
            for (var p = 0; p < c; p++)
            {
                double dot = 0;
                for (var r = 0; r < n; r++) dot += q[r * n + c] * q[r * n + p];
                for (var r = 0; r < n; r++) q[r * n + c] -= dot * q[r * n + p];
            }
            var norm = Math.Sqrt(Enumerable.Range(0, n).Sum(r => q[r * n + c] * q[r * n + c]));
            for (var r = 0; r < n; r++) q[r * n + c] /= norm;
        }
        return q;
    }

    private static double[] Diag(double[] d)
    {
        var n = d.Length;
        var r = new double[n * n];
        for (var i = 0; i < n; i++) r[i * n + i] = d[i];
        return r;
    }

    [Fact]
    public void EigenDecompositionReconstructsTheMatrixWithOrthonormalVectors()
    {
        const int n = 30;
        var q = Orthogonal(n, 3);
        var d = Enumerable.Range(0, n).Select(i => i % 5 == 0 ? 0.0 : Math.Pow(-1, i) * (i + 0.5)).ToArray();
        var a = Mul(Mul(q, Diag(d), n), q, n, transposeB: true);
        var (values, vectors) = SymmetricEigen.Decompose(a, n);
        MetricsFixtures.AssertClose(d.OrderBy(x => x).ToArray(), values.OrderBy(x => x).ToArray(), 1e-10, 0, "eigenvalues");
        var back = Mul(Mul(vectors, Diag(values), n), vectors, n, transposeB: true);
        MetricsFixtures.AssertClose(a, back, 1e-10, 0, "V diag Vt");
        MetricsFixtures.AssertClose(Diag(Enumerable.Repeat(1.0, n).ToArray()), Mul(vectors, vectors, n, transposeB: true), 1e-12, 0, "V Vt");
    }

    [Fact]
    public void TraceOfSqrtmOfAProductOfNonCommutingCovariancesIsKnown()
    {
        // S1 = L Lᵀ and S2 = L⁻ᵀ D² L⁻¹: S1 S2 = L D² L⁻¹, so tr sqrtm(S1 S2) = Σ|D|, though S1 and S2 do not commute.
        const int n = 12;
        var l = new double[n * n];
        var rng = new Random(5);
        for (var i = 0; i < n; i++)
            for (var j = 0; j <= i; j++)
                l[i * n + j] = i == j ? 1 + rng.NextDouble() : rng.NextDouble() - 0.5;
        // Inverse of the lower-triangular L by forward substitution.
        var li = new double[n * n];
        for (var c = 0; c < n; c++)
            for (var i = 0; i < n; i++)
            {
                var s = i == c ? 1.0 : 0.0;
                for (var k = 0; k < i; k++) s -= l[i * n + k] * li[k * n + c];
                li[i * n + c] = s / l[i * n + i];
            }
        var d = Enumerable.Range(0, n).Select(i => 0.3 + i * 0.7).ToArray();
        var s1 = Mul(l, l, n, transposeB: true);
        var lit = new double[n * n];
        for (var i = 0; i < n; i++) for (var j = 0; j < n; j++) lit[i * n + j] = li[j * n + i];
        var s2 = Mul(Mul(lit, Diag(d.Select(x => x * x).ToArray()), n), li, n);
        Assert.NotEqual(Mul(s1, s2, n)[1], Mul(s2, s1, n)[1]);
        Assert.Equal(d.Sum(), FrechetDistance.TraceSqrtProduct(s1, s2, n), 1e-9);
    }

    [Fact]
    public void FrechetDistanceOfOneDimensionalAndIdenticalGaussiansIsKnown()
    {
        // 1-d: (m1 - m2)² + (sqrt v1 - sqrt v2)².
        Assert.Equal(9 + 1, FrechetDistance.Compute(new[] { 1.0 }, new[] { 4.0 }, new[] { 4.0 }, new[] { 9.0 }), 1e-12);
        // Rotated diagonal covariances sharing the rotation: Σ (sqrt a - sqrt b)².
        const int n = 8;
        var q = Orthogonal(n, 9);
        var da = Enumerable.Range(0, n).Select(i => 1.0 + i).ToArray();
        var db = Enumerable.Range(0, n).Select(i => i == 3 ? 0.0 : 2.0 / (1 + i)).ToArray();
        var sa = Mul(Mul(q, Diag(da), n), q, n, transposeB: true);
        var sb = Mul(Mul(q, Diag(db), n), q, n, transposeB: true);
        var mu = new double[n];
        var expected = da.Zip(db, (a, b) => Math.Pow(Math.Sqrt(a) - Math.Sqrt(b), 2)).Sum();
        Assert.Equal(expected, FrechetDistance.Compute(mu, sa, mu, sb), 1e-9);
        Assert.Equal(0, FrechetDistance.Compute(mu, sa, mu, sa), 1e-9);
    }
}
