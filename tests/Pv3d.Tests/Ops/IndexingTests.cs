using Pv3d.Torch;
using static Pv3d.Tests.Ops.OpsAssert;

namespace Pv3d.Tests.Ops;

public class IndexingTests
{
    [Fact]
    public void GatherMatchesLoopAlongLastDim()
    {
        using var scope = TensorScope.Enter();
        var data = OpsAssert.Sample(12, 8);
        var x = Tensor.FromArray(data, 3, 4);
        var index = new long[] { 3, 0, 1, 1, 2, 2 };
        var g = x.Gather(1, Tensor.FromArray(index, 3, 2));
        var expected = new double[6];
        for (var r = 0; r < 3; r++) for (var c = 0; c < 2; c++) expected[r * 2 + c] = data[r * 4 + index[r * 2 + c]];
        Assert.Equal(expected, Values(g));
        Assert.Throws<TorchException>(() => x.Gather(1, Tensor.FromArray(new long[] { 4 }, 1, 1)));
    }

    [Fact]
    public void IndexSelectPicksRows()
    {
        using var scope = TensorScope.Enter();
        var x = Tensor.Arange(0, 12, 1, DType.Float64).View(4, 3);
        var rows = x.IndexSelect(0, Tensor.FromArray(new long[] { 3, 0, 3 }));
        Assert.Equal(new double[] { 9, 10, 11, 0, 1, 2, 9, 10, 11 }, Values(rows));
        var cols = x.IndexSelect(1, Tensor.FromArray(new long[] { 2 }));
        Assert.Equal(new double[] { 2, 5, 8, 11 }, Values(cols));
    }

    [Fact]
    public void MaskedFillAndSelect()
    {
        using var scope = TensorScope.Enter();
        var x = Tensor.FromArray(new double[] { 1, -2, 3, -4, 5, -6 }, 2, 3);
        var neg = x.Lt(0);
        Assert.Equal(new double[] { 1, 0, 3, 0, 5, 0 }, Values(x.MaskedFill(neg, 0)));
        Assert.Equal(new double[] { -2, -4, -6 }, Values(x.MaskedSelect(neg)));
        // A [1, 3] mask broadcasts over rows.
        var colMask = Tensor.FromArray(new[] { true, false, false }, 1, 3);
        Assert.Equal(new double[] { 9, -2, 3, 9, 5, -6 }, Values(x.MaskedFill(colMask, 9)));
        Assert.Equal(new double[] { 7, -2, 3, 7, 5, -6 }, Values(x.MaskedFill(colMask, Tensor.Scalar(7, DType.Float64))));
        Assert.Throws<TorchException>(() => x.MaskedFill(Tensor.FromArray(new[] { true, false }), 1));
    }

    [Fact]
    public void NonzeroListsCoordinates()
    {
        using var scope = TensorScope.Enter();
        var x = Tensor.FromArray(new double[] { 0, 2, 0, 0, 0, 3 }, 2, 3);
        var nz = x.Nonzero();
        Assert.Equal(new long[] { 2, 2 }, nz.Shape);
        Assert.Equal(new long[] { 0, 1, 1, 2 }, nz.ToArray<long>());
    }

    [Fact]
    public void ScatterIsTheInverseOfGather()
    {
        using var scope = TensorScope.Enter();
        var src = Tensor.FromArray(new double[] { 10, 20, 30 }, 1, 3);
        var index = Tensor.FromArray(new long[] { 2, 0, 1 }, 1, 3);
        var s = Tensor.Zeros(new long[] { 1, 3 }, DType.Float64).Scatter(1, index, src);
        Assert.Equal(new double[] { 20, 30, 10 }, Values(s));
        Assert.Equal(Values(src), Values(s.Gather(1, index)));
        var added = Tensor.Zeros(new long[] { 4 }, DType.Float64).IndexAdd(0, Tensor.FromArray(new long[] { 1, 1, 3 }), Tensor.FromArray(new double[] { 1, 2, 4 }));
        Assert.Equal(new double[] { 0, 3, 0, 4 }, Values(added));
    }

    [Fact]
    public void AdvancedIndexingWithTensorsAndMasks()
    {
        using var scope = TensorScope.Enter();
        var x = Tensor.Arange(0, 12, 1, DType.Float64).View(3, 4);
        var picked = x.Index(Tensor.FromArray(new long[] { 2, 0 }), Tensor.FromArray(new long[] { 1, 3 }));
        Assert.Equal(new double[] { 9, 3 }, Values(picked));
        var cols = x.Index(null, Tensor.FromArray(new long[] { 0, 0 }));
        Assert.Equal(new long[] { 3, 2 }, cols.Shape);
        Assert.Equal(new double[] { 0, 0, 4, 4, 8, 8 }, Values(cols));
        var rows = x.Index(Tensor.FromArray(new[] { true, false, true }));
        Assert.Equal(new long[] { 2, 4 }, rows.Shape);

        var y = Tensor.Zeros(new long[] { 3 }, DType.Float64);
        var same = y.IndexPutInPlace(new[] { Tensor.FromArray(new long[] { 0, 2 }) }, Tensor.FromArray(new double[] { 5, 6 }));
        Assert.Same(y, same);
        Assert.Equal(new double[] { 5, 0, 6 }, Values(y));
        Assert.Throws<TorchException>(() => x.Index(Tensor.FromArray(new long[] { 5 })));
    }
}
