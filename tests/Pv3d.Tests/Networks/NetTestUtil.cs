using Pv3d.Torch;

namespace Pv3d.Tests.Networks;

/// <summary>Small helpers for the closed-form network tests: data in and out as doubles, relative errors.</summary>
internal static class NetTestUtil
{
    public static double[] Values(Tensor t)
    {
        using var d = t.Detach();
        using var f = d.To(DType.Float64);
        using var c = f.Contiguous();
        return c.ToArray<double>();
    }

    /// <summary>Deterministic pseudo-random doubles in [-scale, scale) (independent of libtorch's generator).</summary>
    public static double[] Sample(int count, int seed, double scale = 1)
    {
        var rng = new Random(seed);
        var data = new double[count];
        for (var i = 0; i < count; i++) data[i] = (rng.NextDouble() * 2 - 1) * scale;
        return data;
    }

    /// <summary>A float32 tensor of the given shape filled from <see cref="Sample"/>.</summary>
    public static Tensor Random(long[] shape, int seed, double scale = 1)
    {
        var n = (int)shape.Aggregate(1L, (a, b) => a * b);
        return Tensor.FromArray(Array.ConvertAll(Sample(n, seed, scale), v => (float)v), shape);
    }

    public static Tensor FromDoubles(double[] data, params long[] shape) =>
        Tensor.FromArray(Array.ConvertAll(data, v => (float)v), shape);

    /// <summary>‖a − b‖ / ‖b‖.</summary>
    public static double RelL2(double[] a, double[] b)
    {
        Assert.Equal(b.Length, a.Length);
        double num = 0, den = 0;
        for (var i = 0; i < a.Length; i++)
        {
            num += (a[i] - b[i]) * (a[i] - b[i]);
            den += b[i] * b[i];
        }
        return Math.Sqrt(num) / Math.Max(Math.Sqrt(den), 1e-30);
    }

    public static double RelL2(Tensor a, Tensor b) => RelL2(Values(a), Values(b));

    public static void AssertRelL2(Tensor actual, Tensor expected, double tol, string what)
    {
        Assert.Equal(expected.Shape, actual.Shape);
        var err = RelL2(actual, expected);
        Assert.True(err < tol, $"{what}: relative L2 error {err:E3} ≥ {tol:E1}");
    }

    public static void AssertRelL2(double[] actual, double[] expected, double tol, string what)
    {
        var err = RelL2(actual, expected);
        Assert.True(err < tol, $"{what}: relative L2 error {err:E3} ≥ {tol:E1}");
    }

    /// <summary>Sets a module parameter or buffer to the given values in place.</summary>
    public static void Set(Tensor target, Tensor values)
    {
        using var noGrad = Pv3d.Torch.Autograd.NoGrad();
        target.CopyFrom(values);
    }

    public static double LRelu(double v, double alpha = 0.2) => v >= 0 ? v : alpha * v;
}
