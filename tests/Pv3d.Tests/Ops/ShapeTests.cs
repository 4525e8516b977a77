using Pv3d.Torch;
using static Pv3d.Tests.Ops.OpsAssert;

namespace Pv3d.Tests.Ops;

public class ShapeTests
{
    // x[i, j, k] = 12 i + 4 j + k, shape [2, 3, 4]
    private static Tensor Cube() => Tensor.Arange(0, 24, 1, DType.Float64).View(2, 3, 4);

    private static double At(int i, int j, int k) => 12 * i + 4 * j + k;

    [Fact]
    public void ViewReshapeFlattenUnflatten()
    {
        using var scope = TensorScope.Enter();
        var x = Cube();
        Assert.Equal(new long[] { 6, 4 }, x.View(-1, 4).Shape);
        Assert.Equal(new long[] { 24 }, x.Reshape(24).Shape);
        Assert.Equal(new long[] { 2, 12 }, x.Flatten(1).Shape);
        Assert.Equal(new long[] { 24 }, x.Flatten().Shape);
        Assert.Equal(new long[] { 2, 3, 2, 2 }, x.Unflatten(2, 2, 2).Shape);
        Assert.Equal(Values(x), Values(x.View(4, 6)));
        Assert.Throws<TorchException>(() => x.View(5, 5));
        // A transposed tensor cannot be viewed flat but can be reshaped.
        var tr = x.Transpose(0, 2);
        Assert.False(tr.IsContiguous);
        Assert.Throws<TorchException>(() => tr.View(24));
        Assert.Equal(new long[] { 24 }, tr.Reshape(24).Shape);
        Assert.True(tr.Contiguous().IsContiguous);
    }

    [Fact]
    public void PermuteAndTransposeMoveElements()
    {
        using var scope = TensorScope.Enter();
        var p = Cube().Permute(2, 0, 1); // [4, 2, 3], p[k, i, j] = x[i, j, k]
        Assert.Equal(new long[] { 4, 2, 3 }, p.Shape);
        var got = Values(p);
        for (var k = 0; k < 4; k++) for (var i = 0; i < 2; i++) for (var j = 0; j < 3; j++)
            Assert.Equal(At(i, j, k), got[k * 6 + i * 3 + j]);
        var m = Tensor.FromArray(new double[] { 1, 2, 3, 4, 5, 6 }, 2, 3);
        Assert.Equal(new double[] { 1, 4, 2, 5, 3, 6 }, Values(m.T()));
        Assert.Equal(new double[] { 1, 4, 2, 5, 3, 6 }, Values(m.Transpose(0, 1)));
        Assert.Equal(new long[] { 3, 4, 2 }, Cube().Movedim(0, -1).Shape);
        Assert.Throws<TorchException>(() => Cube().Permute(0, 1));
    }

    [Fact]
    public void NarrowSliceSelect()
    {
        using var scope = TensorScope.Enter();
        var x = Cube();
        var n = x.Narrow(2, 1, 2);
        Assert.Equal(new long[] { 2, 3, 2 }, n.Shape);
        Assert.Equal(At(1, 2, 2), Values(n)[^1]);
        var s = x.Slice(2, 0, null, 2); // k = 0, 2
        Assert.Equal(new long[] { 2, 3, 2 }, s.Shape);
        Assert.Equal(new[] { At(0, 0, 0), At(0, 0, 2) }, Values(s).Take(2));
        var neg = x.Slice(1, -2); // j = 1, 2
        Assert.Equal(3 - 1, neg.Shape[1]);
        Assert.Equal(At(0, 1, 0), Values(neg)[0]);
        var sel = x.Select(1, 2);
        Assert.Equal(new long[] { 2, 4 }, sel.Shape);
        Assert.Equal(new[] { At(0, 2, 0), At(0, 2, 1), At(0, 2, 2), At(0, 2, 3), At(1, 2, 0), At(1, 2, 1), At(1, 2, 2), At(1, 2, 3) }, Values(sel));
        Assert.Throws<TorchException>(() => x.Select(0, 2));
        Assert.Throws<TorchException>(() => x.Narrow(2, 3, 2));
    }

    [Fact]
    public void SlicesAreViews()
    {
        using var scope = TensorScope.Enter();
        var x = Tensor.Zeros(new long[] { 3, 3 }, DType.Float64);
        x.Select(0, 1).FillInPlace(7);
        Assert.Equal(new double[] { 0, 0, 0, 7, 7, 7, 0, 0, 0 }, Values(x));
    }

    [Fact]
    public void CatStackUnbindChunkSplit()
    {
        using var scope = TensorScope.Enter();
        var a = Tensor.FromArray(new double[] { 1, 2, 3, 4 }, 2, 2);
        var b = Tensor.FromArray(new double[] { 5, 6 }, 1, 2);
        var c = Tensor.Cat(new[] { a, b }, 0);
        Assert.Equal(new long[] { 3, 2 }, c.Shape);
        Assert.Equal(new double[] { 1, 2, 3, 4, 5, 6 }, Values(c));
        Assert.Throws<TorchException>(() => Tensor.Cat(new[] { a, b }, 1));

        var s = Tensor.Stack(new[] { a, a * 10 }, 1);
        Assert.Equal(new long[] { 2, 2, 2 }, s.Shape);
        Assert.Equal(new double[] { 1, 2, 10, 20, 3, 4, 30, 40 }, Values(s));
        Assert.Throws<TorchException>(() => Tensor.Stack(new[] { a, b }));

        var parts = c.Unbind(0);
        Assert.Equal(3, parts.Length);
        Assert.Equal(new double[] { 3, 4 }, Values(parts[1]));
        Assert.Throws<TorchException>(() => c.Unbind(4));

        var x = Tensor.Arange(0, 10, 1, DType.Float64);
        var chunks = x.Chunk(3);
        Assert.Equal(new long[] { 4, 4, 2 }, chunks.Select(t => t.Shape[0]));
        var splits = x.Split(3);
        Assert.Equal(new long[] { 3, 3, 3, 1 }, splits.Select(t => t.Shape[0]));
        var sized = x.Split(new long[] { 1, 9 });
        Assert.Equal(new double[] { 0 }, Values(sized[0]));
        Assert.Throws<TorchException>(() => x.Split(new long[] { 1, 2 }));
    }

    [Fact]
    public void RepeatExpandFlipRoll()
    {
        using var scope = TensorScope.Enter();
        var v = Tensor.FromArray(new double[] { 1, 2 }, 1, 2);
        Assert.Equal(new double[] { 1, 2, 1, 2, 1, 2, 1, 2, 1, 2, 1, 2 }, Values(v.Repeat(3, 2)));
        Assert.Equal(new long[] { 3, 4 }, v.Repeat(3, 2).Shape);
        var e = v.Expand(3, -1);
        Assert.Equal(new long[] { 3, 2 }, e.Shape);
        Assert.Equal(0, e.Strides[0]);
        Assert.Equal(new long[] { 3, 2 }, v.ExpandAs(Tensor.Zeros(3, 2)).Shape);
        Assert.Throws<TorchException>(() => v.Expand(3, 3));

        var x = Tensor.Arange(0, 6, 1, DType.Float64).View(2, 3);
        Assert.Equal(new double[] { 2, 1, 0, 5, 4, 3 }, Values(x.Flip(1)));
        Assert.Equal(new double[] { 5, 4, 3, 2, 1, 0 }, Values(x.Flip(0, 1)));
        Assert.Equal(new double[] { 2, 0, 1, 5, 3, 4 }, Values(x.Roll(1, 1)));
        Assert.Equal(new double[] { 4, 5, 3, 1, 2, 0 }, Values(x.Roll(new long[] { 1, -1 }, new[] { 0, 1 })));
    }

    [Fact]
    public void SqueezeUnsqueezeClone()
    {
        using var scope = TensorScope.Enter();
        var x = Tensor.Zeros(1, 3, 1, 2);
        Assert.Equal(new long[] { 3, 2 }, x.Squeeze().Shape);
        Assert.Equal(new long[] { 1, 3, 2 }, x.Squeeze(2).Shape);
        Assert.Equal(new long[] { 1, 3, 1, 2 }, x.Squeeze(1).Shape);
        Assert.Equal(new long[] { 1, 3, 1, 2, 1 }, x.Unsqueeze(-1).Shape);
        Assert.Equal(new long[] { 1, 1, 3, 1, 2 }, x.Unsqueeze(0).Shape);
        var c = x.Clone();
        c.FillInPlace(1);
        Assert.All(Values(x), v => Assert.Equal(0.0, v));
        Assert.All(Values(c), v => Assert.Equal(1.0, v));
    }
}
