using Pv3d.Torch;
using static Pv3d.Tests.Ops.OpsAssert;

namespace Pv3d.Tests.Ops;

public class DTypeTests
{
    public static TheoryData<DType> Supported => new() { DType.Float32, DType.Float64, DType.Int64, DType.UInt8, DType.Bool };

    [Theory]
    [MemberData(nameof(Supported))]
    public void CreationHonoursDtype(DType dtype)
    {
        using var scope = TensorScope.Enter();
        foreach (var t in new[] { Tensor.Zeros(new long[] { 2, 2 }, dtype), Tensor.Ones(new long[] { 2, 2 }, dtype), Tensor.Full(new long[] { 2, 2 }, 1, dtype) })
            Assert.Equal(dtype, t.DType);
        Assert.Equal(new double[] { 1, 1, 1, 1 }, Values(Tensor.Full(new long[] { 2, 2 }, 1, dtype)));
        Assert.Equal(dtype, Tensor.Scalar(1, dtype).DType);
        // Shape ops keep the dtype.
        var z = Tensor.Ones(new long[] { 2, 3 }, dtype);
        Assert.Equal(dtype, Tensor.Cat(new[] { z, z }, 1).Permute(1, 0).Reshape(12).DType);
    }

    [Fact]
    public void ValuesRoundTripThroughEachDtype()
    {
        using var scope = TensorScope.Enter();
        var longs = new long[] { -5, 0, 7, long.MaxValue };
        Assert.Equal(longs, Tensor.FromArray(longs).Clone().ToArray<long>());
        var bytes = new byte[] { 0, 1, 128, 255 };
        Assert.Equal(bytes, Tensor.FromArray(bytes).Flip(0).Flip(0).ToArray<byte>());
        var doubles = new[] { Math.PI, -1e-300, 1e300 };
        Assert.Equal(doubles, Tensor.FromArray(doubles).View(3, 1).Squeeze().ToArray<double>());
        var flags = new[] { true, false, false, true };
        var b = Tensor.FromArray(flags, 2, 2);
        Assert.Equal(DType.Bool, b.DType);
        Assert.Equal(flags, Bools(b.Transpose(0, 1).Transpose(0, 1)));
        // Float to integer conversion truncates toward zero, as in C.
        Assert.Equal(new long[] { 2, -2 }, Tensor.FromArray(new[] { 2.7, -2.7 }).To(DType.Int64).ToArray<long>());
        // bool sums count the true entries.
        Assert.Equal(2, b.Sum().ToArray<long>()[0]);
    }

    [Fact]
    public void IntegerArangeAndReductionsStayExact()
    {
        using var scope = TensorScope.Enter();
        var big = Tensor.Arange(0, 1L << 20, 1, DType.Int64) * 4096L;
        // sum_{i < 2^20} 4096 i = 4096 * 2^20 (2^20 - 1) / 2, exact in int64 but not in float32.
        Assert.Equal(4096L * (1L << 20) * ((1L << 20) - 1) / 2, big.Sum().ToArray<long>()[0]);
        Assert.Equal(new long[] { 0, 2, 4 }, (Tensor.Arange(0, 3, 1, DType.Int64) * 2).ToArray<long>());
        var (values, indices) = Tensor.FromArray(new long[] { 4, 1, 3 }).Sort();
        Assert.Equal(new long[] { 1, 3, 4 }, values.ToArray<long>());
        Assert.Equal(new long[] { 1, 2, 0 }, indices.ToArray<long>());
    }
}
