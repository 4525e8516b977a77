using Pv3d.Torch;
using static Pv3d.Tests.Ops.OpsAssert;

namespace Pv3d.Tests.Ops;

public class PointwiseTests
{
    private static readonly double[] Xs = { -2.5, -1, -0.25, 0, 0.5, 1, 3 };
    private static readonly double[] Pos = { 0.1, 0.5, 1, 2, 10 };

    [Fact]
    public void OperatorsMatchElementwiseArithmetic()
    {
        using var scope = TensorScope.Enter();
        var a = OpsAssert.Sample(12, 1);
        var b = OpsAssert.Sample(12, 2).Select(v => v + 3).ToArray();
        var ta = Tensor.FromArray(a, 3, 4);
        var tb = Tensor.FromArray(b, 3, 4);
        Close(a.Zip(b, (x, y) => x + y).ToArray(), ta + tb, 1e-12);
        Close(a.Zip(b, (x, y) => x - y).ToArray(), ta - tb, 1e-12);
        Close(a.Zip(b, (x, y) => x * y).ToArray(), ta * tb, 1e-12);
        Close(a.Zip(b, (x, y) => x / y).ToArray(), ta / tb, 1e-12);
        Close(a.Select(x => x + 2).ToArray(), ta + 2, 1e-12);
        Close(a.Select(x => 2 + x).ToArray(), 2 + ta, 1e-12);
        Close(a.Select(x => x - 2).ToArray(), ta - 2, 1e-12);
        Close(a.Select(x => 2 - x).ToArray(), 2 - ta, 1e-12);
        Close(a.Select(x => x * 1.5).ToArray(), ta * 1.5, 1e-12);
        Close(a.Select(x => 1.5 * x).ToArray(), 1.5 * ta, 1e-12);
        Close(a.Select(x => x / 4).ToArray(), ta / 4, 1e-12);
        Close(b.Select(x => 3 / x).ToArray(), 3 / tb, 1e-12);
        Close(a.Select(x => -x).ToArray(), -ta, 1e-12);
        Close(a.Zip(b, (x, y) => x + 0.5 * y).ToArray(), ta.Add(tb, 0.5), 1e-12);
        Close(a.Zip(b, (x, y) => x - 2 * y).ToArray(), ta.Sub(tb, 2), 1e-12);
    }

    [Fact]
    public void BinaryOpsBroadcast()
    {
        using var scope = TensorScope.Enter();
        var col = Tensor.FromArray(new double[] { 1, 2, 3 }, 3, 1);
        var row = Tensor.FromArray(new double[] { 10, 20 }, 1, 2);
        var sum = col + row;
        Assert.Equal(new long[] { 3, 2 }, sum.Shape);
        Assert.Equal(new double[] { 11, 21, 12, 22, 13, 23 }, Values(sum));
        Assert.Throws<TorchException>(() => Tensor.Zeros(3) + Tensor.Zeros(4));
    }

    [Fact]
    public void UnaryFunctionsMatchMath()
    {
        using var scope = TensorScope.Enter();
        var x = Tensor.FromArray(Xs);
        var p = Tensor.FromArray(Pos);
        Close(Xs.Select(v => Math.Exp(v)).ToArray(), x.Exp(), 1e-12);
        Close(Xs.Select(v => Math.Abs(v)).ToArray(), x.Abs(), 1e-12);
        Close(Xs.Select(v => v * v).ToArray(), x.Square(), 1e-12);
        Close(Xs.Select(v => Math.Sin(v)).ToArray(), x.Sin(), 1e-12);
        Close(Xs.Select(v => Math.Cos(v)).ToArray(), x.Cos(), 1e-12);
        Close(Xs.Select(v => Math.Tanh(v)).ToArray(), x.Tanh(), 1e-12);
        Close(Xs.Select(v => (double)Math.Sign(v)).ToArray(), x.Sign(), 0);
        Close(Xs.Select(v => Math.Floor(v)).ToArray(), x.Floor(), 0);
        Close(Xs.Select(Math.Ceiling).ToArray(), x.Ceil(), 0);
        Close(Xs.Select(v => Math.Atan(v)).ToArray(), x.Atan(), 1e-12);
        Close(Pos.Select(v => Math.Sqrt(v)).ToArray(), p.Sqrt(), 1e-12);
        Close(Pos.Select(v => 1 / Math.Sqrt(v)).ToArray(), p.Rsqrt(), 1e-12);
        Close(Pos.Select(v => Math.Log(v)).ToArray(), p.Log(), 1e-12);
        Close(Pos.Select(v => Math.Log2(v)).ToArray(), p.Log2(), 1e-12);
        Close(Pos.Select(v => Math.Log(1 + v)).ToArray(), p.Log1p(), 1e-12);
        Close(Pos.Select(v => 1 / v).ToArray(), p.Reciprocal(), 1e-12);
        Close(Pos.Select(v => Math.Pow(v, 1.5)).ToArray(), p.Pow(1.5), 1e-12);
        Close(Pos.Select(v => Math.Pow(2, v)).ToArray(), Tensor.Pow(2, p), 1e-12);
        Close(Pos.Select(v => Math.Pow(v, v)).ToArray(), p.Pow(p), 1e-12);
    }

    [Fact]
    public void ActivationsMatchClosedForms()
    {
        using var scope = TensorScope.Enter();
        var x = Tensor.FromArray(Xs);
        Close(Xs.Select(v => 1 / (1 + Math.Exp(-v))).ToArray(), x.Sigmoid(), 1e-12);
        Close(Xs.Select(v => Math.Max(v, 0)).ToArray(), x.Relu(), 0);
        Close(Xs.Select(v => v >= 0 ? v : 0.2 * v).ToArray(), x.LeakyRelu(0.2), 1e-12);
        Close(Xs.Select(v => v >= 0 ? v : 0.01 * v).ToArray(), x.LeakyRelu(), 1e-12);
        Close(Xs.Select(v => Math.Log(1 + Math.Exp(v))).ToArray(), x.Softplus(), 1e-12);
        // beta = 2: log(1 + exp(2x)) / 2; above the threshold (beta x > 1) it is the identity.
        Close(Xs.Select(v => 2 * v > 1 ? v : Math.Log(1 + Math.Exp(2 * v)) / 2).ToArray(), x.Softplus(2, 1), 1e-12);
        Close(Xs.Select(v => v / (1 + Math.Exp(-v))).ToArray(), x.Silu(), 1e-12);
    }

    [Fact]
    public void ClampWhereLerp()
    {
        using var scope = TensorScope.Enter();
        var x = Tensor.FromArray(Xs);
        Close(Xs.Select(v => Math.Clamp(v, -1, 0.5)).ToArray(), x.Clamp(-1, 0.5), 0);
        Close(Xs.Select(v => Math.Max(v, 0)).ToArray(), x.Clamp(min: 0), 0);
        Close(Xs.Select(v => Math.Min(v, 0)).ToArray(), x.ClampMax(0), 0);
        var lo = Tensor.FullLike(x, -0.5);
        Close(Xs.Select(v => Math.Max(v, -0.5)).ToArray(), x.Clamp(lo, null), 0);
        var cond = x.Gt(0);
        Close(Xs.Select(v => v > 0 ? v : 0).ToArray(), Tensor.Where(cond, x, Tensor.ZerosLike(x)), 0);
        var end = Tensor.FullLike(x, 10);
        Close(Xs.Select(v => v + 0.25 * (10 - v)).ToArray(), x.Lerp(end, 0.25), 1e-12);
        Assert.Throws<ArgumentException>(() => x.Clamp((double?)null, null));
    }

    [Fact]
    public void ComparisonsAndLogicGiveBools()
    {
        using var scope = TensorScope.Enter();
        var a = Tensor.FromArray(new double[] { 1, 2, 3, double.NaN });
        var b = Tensor.FromArray(new double[] { 3, 2, 1, 0 });
        var lt = a.Lt(b);
        Assert.Equal(DType.Bool, lt.DType);
        Assert.Equal(new[] { true, false, false, false }, Bools(lt));
        Assert.Equal(new[] { false, true, false, false }, Bools(a.Eq(b)));
        Assert.Equal(new[] { true, false, true, true }, Bools(a.Ne(b)));
        Assert.Equal(new[] { true, true, false, false }, Bools(a.Le(b)));
        Assert.Equal(new[] { false, false, true, false }, Bools(a.Gt(b)));
        Assert.Equal(new[] { false, true, true, false }, Bools(a.Ge(b)));
        Assert.Equal(new[] { false, true, false, false }, Bools(a.Eq(2)));
        Assert.Equal(new[] { false, false, true, false }, Bools(a.Gt(2.5)));
        Assert.Equal(new[] { true, true, false, false }, Bools(a.Lt(2.5)));
        Assert.Equal(new[] { false, false, false, true }, Bools(a.IsNan()));
        var p = a.Ge(2);
        var q = b.Ge(2);
        Assert.Equal(new[] { false, true, false, false }, Bools(p.LogicalAnd(q)));
        Assert.Equal(new[] { true, true, true, false }, Bools(p | q));
        Assert.Equal(new[] { true, false, false, true }, Bools(!p));
    }

    [Fact]
    public void IntegerTensorsKeepIntegerArithmetic()
    {
        using var scope = TensorScope.Enter();
        var i = Tensor.FromArray(new long[] { 1, 2, 3 });
        var plus = i + 1;
        Assert.Equal(DType.Int64, plus.DType);
        Assert.Equal(new long[] { 2, 3, 4 }, plus.ToArray<long>());
        var half = i * 0.5;
        Assert.Equal(DType.Float32, half.DType);
        Close(new[] { 0.5, 1, 1.5 }, half);
        // True division promotes integers to floating point, as in PyTorch.
        Assert.Equal(DType.Float32, (i / 2).DType);
        Close(new[] { 0.5, 1, 1.5 }, i / 2);
        Assert.Equal(new long[] { 1, 0, 1 }, (i % 2).ToArray<long>());
    }

    [Fact]
    public void MixedDtypesPromote()
    {
        using var scope = TensorScope.Enter();
        var f = Tensor.FromArray(new float[] { 1, 2 });
        var d = Tensor.FromArray(new double[] { 0.5, 0.25 });
        var u = Tensor.FromArray(new byte[] { 200, 100 });
        Assert.Equal(DType.Float64, (f + d).DType);
        Assert.Equal(DType.Float32, (f + u).DType);
        Assert.Equal(DType.UInt8, (u + u).DType);
        // uint8 arithmetic wraps around like C bytes.
        Assert.Equal(new byte[] { 144, 200 }, (u + u).ToArray<byte>());
        var flags = Tensor.FromArray(new[] { true, false, true });
        Assert.Equal(new long[] { 1, 0, 1 }, flags.To(DType.Int64).ToArray<long>());
        Assert.Equal(DType.Bool, flags.LogicalNot().DType);
    }
}
