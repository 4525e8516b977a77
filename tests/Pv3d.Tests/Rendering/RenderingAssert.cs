using Pv3d.Torch;

namespace Pv3d.Tests.Rendering;

internal static class RenderingAssert
{
    public static float[] Values(Tensor t)
    {
        using var c = t.Detach().Float().Contiguous();
        return c.ToArray<float>();
    }

    public static void Near(double expected, double actual, double tol, string what = "")
    {
        Assert.True(Math.Abs(expected - actual) <= tol, $"{what}: expected {expected}, got {actual} (tolerance {tol})");
    }

    public static void ShapeIs(Tensor t, params long[] shape) => Assert.Equal(shape, t.Shape);

    /// <summary>Relative L2 error ||a − b|| / ||b||.</summary>
    public static double RelativeL2(float[] actual, float[] expected)
    {
        Assert.Equal(expected.Length, actual.Length);
        double num = 0, den = 0;
        for (var i = 0; i < expected.Length; i++)
        {
            var d = (double)actual[i] - expected[i];
            num += d * d;
            den += (double)expected[i] * expected[i];
        }
        return Math.Sqrt(num / Math.Max(den, 1e-30));
    }
}
