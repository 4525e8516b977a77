using Pv3d.Rendering;
using Pv3d.Torch;
using static Pv3d.Tests.Rendering.RenderingAssert;

namespace Pv3d.Tests.Rendering;

public class PlaneSamplingTests
{
    [Fact]
    public void ProjectsOntoXyXzAndZxPlanes()
    {
        using var scope = TensorScope.Enter();
        var axes = PlaneSampling.PlaneAxes();
        var points = Tensor.FromArray(new float[] { 0.1f, 0.2f, 0.3f, -0.5f, 0.7f, 0.25f }, 1, 2, 3);
        var uv = PlaneSampling.ProjectOntoPlanes(axes, points);
        ShapeIs(uv, 3, 2, 2);
        var expected = new float[]
        {
            0.1f, 0.2f, -0.5f, 0.7f,    // plane 0: (x, y)
            0.1f, 0.3f, -0.5f, 0.25f,   // plane 1: (x, z)
            0.3f, 0.1f, 0.25f, -0.5f,   // plane 2: (z, x), the official order
        };
        var actual = Values(uv);
        for (var i = 0; i < expected.Length; i++) Near(expected[i], actual[i], 1e-7, $"uv[{i}]");
    }

    [Fact]
    public void BatchedProjectionIsBatchMajorThenPlane()
    {
        using var scope = TensorScope.Enter();
        var points = Tensor.FromArray(new float[] { 1, 2, 3, 4, 5, 6 }, 2, 1, 3);
        var uv = Values(PlaneSampling.ProjectOntoPlanes(PlaneSampling.PlaneAxes(), points));
        Assert.Equal(new float[] { 1, 2, 1, 3, 3, 1, 4, 5, 4, 6, 6, 4 }, uv);
    }

    [Fact]
    public void SamplesLinearPlanesExactlyAndZerosOutside()
    {
        using var scope = TensorScope.Enter();
        const int h = 6, w = 8;
        // Plane p, channel 0 holds (p + 1)·column + 10·row, channel 1 holds the constant p + 1.
        var data = new float[3 * 2 * h * w];
        for (var p = 0; p < 3; p++)
        for (var i = 0; i < h; i++)
        for (var j = 0; j < w; j++)
        {
            data[((p * 2 + 0) * h + i) * w + j] = (p + 1) * j + 10 * i;
            data[((p * 2 + 1) * h + i) * w + j] = p + 1;
        }
        var planes = Tensor.FromArray(data, 1, 3, 2, h, w);
        const double boxWarp = 3;
        var pts = new[] { (0.2, -0.3, 0.4), (-0.5, 0.6, 0.1), (0.0, 0.0, 0.0), (5.0, 5.0, 5.0) };
        var coords = Tensor.FromArray(pts.SelectMany(q => new[] { (float)q.Item1, (float)q.Item2, (float)q.Item3 }).ToArray(), 1, pts.Length, 3);
        var features = PlaneSampling.SampleFromPlanes(PlaneSampling.PlaneAxes(), planes, coords, boxWarp);
        ShapeIs(features, 1, 3, pts.Length, 2);
        var f = Values(features);
        for (var p = 0; p < 3; p++)
        for (var m = 0; m < 3; m++)
        {
            var (x, y, z) = pts[m];
            var (gu, gv) = p switch { 0 => (x, y), 1 => (x, z), _ => (z, x) };
            (gu, gv) = (gu * 2 / boxWarp, gv * 2 / boxWarp);
            // align_corners=false: grid -1..1 spans the outer pixel edges.
            var col = ((gu + 1) * w - 1) / 2;
            var row = ((gv + 1) * h - 1) / 2;
            Near((p + 1) * col + 10 * row, f[(p * pts.Length + m) * 2], 1e-4, $"plane {p} point {m}");
            Near(p + 1, f[(p * pts.Length + m) * 2 + 1], 1e-5, $"plane {p} point {m} constant");
        }
        for (var p = 0; p < 3; p++) Assert.Equal(0f, f[(p * pts.Length + 3) * 2 + 1]);
    }

    [Fact]
    public void AcceptsNonContiguousPlanes()
    {
        using var scope = TensorScope.Enter();
        var planes = Tensor.Randn(2, 3, 5, 6, 4);
        var transposed = planes.Transpose(0, 1).Contiguous().Transpose(0, 1); // same values, batch and plane dims not mergeable by a view
        var coords = Tensor.Rand(2, 9, 3) - 0.5;
        var axes = PlaneSampling.PlaneAxes();
        Assert.Equal(Values(PlaneSampling.SampleFromPlanes(axes, planes, coords, 1)),
            Values(PlaneSampling.SampleFromPlanes(axes, transposed, coords, 1)));
    }
}
