using Pv3d.Torch;

namespace Pv3d.Tests.Ops;

/// <summary>Reads tensors back as doubles and compares them with references computed in C#.</summary>
internal static class OpsAssert
{
    public static double[] Values(Tensor t)
    {
        using var d = t.To(DType.Float64);
        return d.ToArray<double>();
    }

    public static long[] Longs(Tensor t)
    {
        using var d = t.To(DType.Int64);
        return d.ToArray<long>();
    }

    public static bool[] Bools(Tensor t)
    {
        using var d = t.To(DType.UInt8);
        return Array.ConvertAll(d.ToArray<byte>(), b => b != 0);
    }

    public static void Close(double[] expected, Tensor actual, double tol = 1e-6)
    {
        var got = Values(actual);
        Assert.Equal(expected.Length, got.Length);
        for (var i = 0; i < got.Length; i++)
        {
            var scale = Math.Max(1, Math.Abs(expected[i]));
            Assert.True(Math.Abs(expected[i] - got[i]) <= tol * scale,
                $"element {i}: expected {expected[i]}, got {got[i]} (tolerance {tol})");
        }
    }

    public static void Close(double expected, Tensor actual, double tol = 1e-6) => Close(new[] { expected }, actual, tol);

    /// <summary>Deterministic pseudo-random doubles in [-1, 1) (independent of libtorch's generator).</summary>
    public static double[] Sample(int count, int seed)
    {
        var rng = new Random(seed);
        var data = new double[count];
        for (var i = 0; i < count; i++) data[i] = rng.NextDouble() * 2 - 1;
        return data;
    }
}
