using Pv3d.Rendering.Cameras;

namespace Pv3d.Faces.Camera;

/// <summary>
/// Perspective-n-point by Levenberg-Marquardt: the world-to-camera rotation (a rotation vector) and translation that
/// minimise the weighted squared reprojection error of 3D points against 2D pixels, for a pinhole camera with OpenCV
/// axes (x right, y down, z forward) and known intrinsics. Started from a given pose (for faces: the frontal camera),
/// with a numerical Jacobian (6 parameters, a few dozen points: microseconds).
/// </summary>
public static class PerspectivePnp
{
    public sealed record Result(double[,] Rotation, Vec3 Translation, double RmsError, int Iterations);

    /// <summary>Pixels of world points under world-to-camera (R, t) and intrinsics (fx, fy, cx, cy) in pixels.</summary>
    public static (double X, double Y) Project(double[,] r, Vec3 t, Vec3 p, double fx, double fy, double cx, double cy)
    {
        var x = r[0, 0] * p.X + r[0, 1] * p.Y + r[0, 2] * p.Z + t.X;
        var y = r[1, 0] * p.X + r[1, 1] * p.Y + r[1, 2] * p.Z + t.Y;
        var z = r[2, 0] * p.X + r[2, 1] * p.Y + r[2, 2] * p.Z + t.Z;
        return (fx * x / z + cx, fy * y / z + cy);
    }

    public static Result Solve(IReadOnlyList<Vec3> world, IReadOnlyList<(double X, double Y)> pixels, IReadOnlyList<double>? weights,
        double fx, double fy, double cx, double cy, double[,] initialRotation, Vec3 initialTranslation, int maxIterations = 100)
    {
        if (world.Count != pixels.Count || world.Count < 4)
            throw new ArgumentException($"PnP needs matching 3D and 2D points (at least 4), got {world.Count} and {pixels.Count}");
        var param = new double[6];
        var w0 = RotationVector(initialRotation);
        param[0] = w0.X; param[1] = w0.Y; param[2] = w0.Z;
        param[3] = initialTranslation.X; param[4] = initialTranslation.Y; param[5] = initialTranslation.Z;
        var n = world.Count;
        double[] Residuals(double[] q)
        {
            var r = Rodrigues(new Vec3(q[0], q[1], q[2]));
            var t = new Vec3(q[3], q[4], q[5]);
            var res = new double[2 * n];
            for (var i = 0; i < n; i++)
            {
                var (u, v) = Project(r, t, world[i], fx, fy, cx, cy);
                var w = weights is null ? 1 : Math.Sqrt(weights[i]);
                res[2 * i] = w * (u - pixels[i].X);
                res[2 * i + 1] = w * (v - pixels[i].Y);
            }
            return res;
        }
        double Cost(double[] res) => res.Sum(v => v * v);

        var current = Residuals(param);
        var cost = Cost(current);
        var lambda = 1e-3;
        var iterations = 0;
        for (; iterations < maxIterations; iterations++)
        {
            var jac = new double[2 * n, 6];
            for (var k = 0; k < 6; k++)
            {
                var h = k < 3 ? 1e-6 : 1e-6 * Math.Max(1, Math.Abs(param[k]));
                var plus = (double[])param.Clone(); plus[k] += h;
                var minus = (double[])param.Clone(); minus[k] -= h;
                var rp = Residuals(plus);
                var rm = Residuals(minus);
                for (var i = 0; i < 2 * n; i++) jac[i, k] = (rp[i] - rm[i]) / (2 * h);
            }
            var jtj = new double[6, 6];
            var jtr = new double[6];
            for (var i = 0; i < 2 * n; i++)
                for (var a = 0; a < 6; a++)
                {
                    jtr[a] += jac[i, a] * current[i];
                    for (var b = 0; b < 6; b++) jtj[a, b] += jac[i, a] * jac[i, b];
                }
            var improved = false;
            for (var attempt = 0; attempt < 10 && !improved; attempt++)
            {
                var m = (double[,])jtj.Clone();
                for (var a = 0; a < 6; a++) m[a, a] += lambda * Math.Max(jtj[a, a], 1e-12);
                var step = SolveLinear(m, jtr.Select(v => -v).ToArray());
                if (step is null) { lambda *= 10; continue; }
                var candidate = param.Zip(step, (p, s) => p + s).ToArray();
                var res = Residuals(candidate);
                var c = Cost(res);
                if (c < cost)
                {
                    var relative = (cost - c) / Math.Max(cost, 1e-30);
                    param = candidate; current = res; cost = c;
                    lambda = Math.Max(lambda / 10, 1e-12);
                    improved = true;
                    if (relative < 1e-12) iterations = maxIterations;
                }
                else lambda *= 10;
            }
            if (!improved) break;
        }
        var totalWeight = weights?.Sum() ?? n;
        return new Result(Rodrigues(new Vec3(param[0], param[1], param[2])), new Vec3(param[3], param[4], param[5]),
            Math.Sqrt(cost / totalWeight / 2), iterations);
    }

    /// <summary>The rotation matrix of a rotation vector (axis times angle).</summary>
    public static double[,] Rodrigues(Vec3 w)
    {
        var theta = w.Length;
        if (theta < 1e-12) return new double[,] { { 1, 0, 0 }, { 0, 1, 0 }, { 0, 0, 1 } };
        var k = (1 / theta) * w;
        double c = Math.Cos(theta), s = Math.Sin(theta), v = 1 - c;
        return new double[,]
        {
            { c + k.X * k.X * v, k.X * k.Y * v - k.Z * s, k.X * k.Z * v + k.Y * s },
            { k.Y * k.X * v + k.Z * s, c + k.Y * k.Y * v, k.Y * k.Z * v - k.X * s },
            { k.Z * k.X * v - k.Y * s, k.Z * k.Y * v + k.X * s, c + k.Z * k.Z * v },
        };
    }

    /// <summary>The rotation vector of a rotation matrix (the inverse of <see cref="Rodrigues"/>, angles up to π).</summary>
    public static Vec3 RotationVector(double[,] r)
    {
        var cos = Math.Clamp((r[0, 0] + r[1, 1] + r[2, 2] - 1) / 2, -1, 1);
        var theta = Math.Acos(cos);
        if (theta < 1e-9) return new Vec3(0, 0, 0);
        if (Math.PI - theta < 1e-6)
        {
            // Near π the antisymmetric part vanishes; take the axis from the diagonal.
            var x = Math.Sqrt(Math.Max(0, (r[0, 0] + 1) / 2));
            var y = Math.Sqrt(Math.Max(0, (r[1, 1] + 1) / 2));
            var z = Math.Sqrt(Math.Max(0, (r[2, 2] + 1) / 2));
            if (x >= y && x >= z) { y = Math.CopySign(y, r[0, 1]); z = Math.CopySign(z, r[0, 2]); }
            else if (y >= z) { x = Math.CopySign(x, r[0, 1]); z = Math.CopySign(z, r[1, 2]); }
            else { x = Math.CopySign(x, r[0, 2]); y = Math.CopySign(y, r[1, 2]); }
            return theta * new Vec3(x, y, z).Normalized();
        }
        var axis = new Vec3(r[2, 1] - r[1, 2], r[0, 2] - r[2, 0], r[1, 0] - r[0, 1]);
        return theta / (2 * Math.Sin(theta)) * axis;
    }

    private static double[]? SolveLinear(double[,] a, double[] b)
    {
        var n = b.Length;
        var m = (double[,])a.Clone();
        var x = (double[])b.Clone();
        for (var col = 0; col < n; col++)
        {
            var pivot = col;
            for (var row = col + 1; row < n; row++) if (Math.Abs(m[row, col]) > Math.Abs(m[pivot, col])) pivot = row;
            if (Math.Abs(m[pivot, col]) < 1e-300) return null;
            if (pivot != col)
            {
                for (var k = 0; k < n; k++) (m[col, k], m[pivot, k]) = (m[pivot, k], m[col, k]);
                (x[col], x[pivot]) = (x[pivot], x[col]);
            }
            for (var row = col + 1; row < n; row++)
            {
                var f = m[row, col] / m[col, col];
                for (var k = col; k < n; k++) m[row, k] -= f * m[col, k];
                x[row] -= f * x[col];
            }
        }
        for (var row = n - 1; row >= 0; row--)
        {
            for (var k = row + 1; k < n; k++) x[row] -= m[row, k] * x[k];
            x[row] /= m[row, row];
        }
        return x;
    }
}
