using Pv3d.Rendering;
using Pv3d.Torch;
using static Pv3d.Tests.Rendering.RenderingAssert;

namespace Pv3d.Tests.Rendering;

public class RaySamplerTests
{
    private static readonly float[] Identity = { 1, 0, 0, 0, 0, 1, 0, 0, 0, 0, 1, 0, 0, 0, 0, 1 };

    [Fact]
    public void FrontalCameraLooksAlongPlusZAtThePrincipalPointWithUnitDirections()
    {
        using var scope = TensorScope.Enter();
        var c2w = Tensor.FromArray(Identity, 1, 4, 4);
        var k = Tensor.FromArray(new float[] { 2, 0, 0.5f, 0, 2, 0.5f, 0, 0, 1 }, 1, 3, 3);
        var (origins, dirs) = new RaySampler().Forward(c2w, k, 3);
        ShapeIs(origins, 1, 9, 3);
        ShapeIs(dirs, 1, 9, 3);
        var d = Values(dirs);
        // Ray 4 = row 1, column 1: the pixel centre (0.5, 0.5) is the principal point.
        Near(0, d[12], 1e-7, "x");
        Near(0, d[13], 1e-7, "y");
        Near(1, d[14], 1e-7, "z");
        for (var m = 0; m < 9; m++)
        {
            var len = Math.Sqrt(d[3 * m] * d[3 * m] + d[3 * m + 1] * d[3 * m + 1] + d[3 * m + 2] * d[3 * m + 2]);
            Near(1, len, 1e-6, $"|dir {m}|");
            Assert.True(d[3 * m + 2] > 0, "every ray looks forward (+z)");
        }
        Assert.All(Values(origins), v => Assert.Equal(0f, v));
    }

    [Fact]
    public void RayIndexIsRowMajorOverPixelCentres()
    {
        using var scope = TensorScope.Enter();
        var c2w = Tensor.FromArray(Identity, 1, 4, 4);
        var k = Tensor.FromArray(new float[] { 1, 0, 0.5f, 0, 1, 0.5f, 0, 0, 1 }, 1, 3, 3);
        var (_, dirs) = new RaySampler().Forward(c2w, k, 4);
        var d = Values(dirs);
        // Column j, row i: x = (j + 0.5)/4 - 0.5, y = (i + 0.5)/4 - 0.5, z = 1, normalised.
        for (var i = 0; i < 4; i++)
        for (var j = 0; j < 4; j++)
        {
            var (x, y) = ((j + 0.5) / 4 - 0.5, (i + 0.5) / 4 - 0.5);
            var len = Math.Sqrt(x * x + y * y + 1);
            var m = i * 4 + j;
            Near(x / len, d[3 * m], 1e-6, $"x of ray {m}");
            Near(y / len, d[3 * m + 1], 1e-6, $"y of ray {m}");
            Near(1 / len, d[3 * m + 2], 1e-6, $"z of ray {m}");
        }
    }

    [Fact]
    public void GeneralCameraWithSkewMatchesTheLiftedPinholeModel()
    {
        using var scope = TensorScope.Enter();
        // Rotation about y by 30 degrees plus a translation; second batch row has another camera.
        var (c, s) = (Math.Cos(Math.PI / 6), Math.Sin(Math.PI / 6));
        double[][] poses =
        {
            new[] { c, 0, s, 0.3, 0, 1, 0, -0.2, -s, 0, c, 2.7, 0, 0, 0, 1 },
            new[] { 1, 0, 0, 0, 0, -1, 0, 0, 0, 0, -1, 2.7, 0, 0, 0, 1.0 },
        };
        double[][] intr =
        {
            new[] { 4.2647, 0.1, 0.45, 0, 3.9, 0.55, 0, 0, 1 },
            new[] { 4.2647, 0, 0.5, 0, 4.2647, 0.5, 0, 0, 1 },
        };
        var c2w = Tensor.FromArray(poses.SelectMany(p => p.Select(v => (float)v)).ToArray(), 2, 4, 4);
        var k = Tensor.FromArray(intr.SelectMany(p => p.Select(v => (float)v)).ToArray(), 2, 3, 3);
        const int r = 5;
        var (origins, dirs) = new RaySampler().Forward(c2w, k, r);
        var (o, d) = (Values(origins), Values(dirs));
        for (var b = 0; b < 2; b++)
        {
            var (p, kk) = (poses[b], intr[b]);
            var (fx, sk, cx, fy, cy) = (kk[0], kk[1], kk[2], kk[4], kk[5]);
            for (var m = 0; m < r * r; m++)
            {
                var (u, v) = ((m % r + 0.5) / r, (m / r + 0.5) / r);
                // Invert the pinhole projection u = fx·x + sk·y + cx, v = fy·y + cy at z = 1.
                var y = (v - cy) / fy;
                var x = (u - cx - sk * y) / fx;
                var dir = new double[3];
                for (var a = 0; a < 3; a++) dir[a] = p[4 * a] * x + p[4 * a + 1] * y + p[4 * a + 2];
                var len = Math.Sqrt(dir.Sum(e => e * e));
                for (var a = 0; a < 3; a++)
                {
                    var idx = (b * r * r + m) * 3 + a;
                    Near(dir[a] / len, d[idx], 2e-6, $"dir[{b},{m},{a}]");
                    Near(p[4 * a + 3], o[idx], 1e-6, $"origin[{b},{m},{a}]");
                }
            }
        }
    }

    [Fact]
    public void RejectsBadShapes()
    {
        using var scope = TensorScope.Enter();
        var sampler = new RaySampler();
        Assert.Throws<ArgumentException>(() => sampler.Forward(Tensor.Zeros(2, 3, 4), Tensor.Zeros(2, 3, 3), 4));
        Assert.Throws<ArgumentException>(() => sampler.Forward(Tensor.Zeros(2, 4, 4), Tensor.Zeros(1, 3, 3), 4));
    }
}
