using Pv3d.Torch;
using static Pv3d.Tests.Ops.OpsAssert;

namespace Pv3d.Tests.Ops;

public class SortScanTests
{
    [Fact]
    public void CumsumAndCumprodMatchLoops()
    {
        using var scope = TensorScope.Enter();
        var data = OpsAssert.Sample(12, 5);
        var t = Tensor.FromArray(data, 3, 4);
        var rows = new double[12];
        var cols = new double[12];
        var prods = new double[12];
        for (var r = 0; r < 3; r++)
        {
            double acc = 0, p = 1;
            for (var c = 0; c < 4; c++)
            {
                acc += data[r * 4 + c];
                p *= data[r * 4 + c];
                rows[r * 4 + c] = acc;
                prods[r * 4 + c] = p;
            }
        }
        for (var c = 0; c < 4; c++)
        {
            double acc = 0;
            for (var r = 0; r < 3; r++) cols[r * 4 + c] = acc += data[r * 4 + c];
        }
        Close(rows, t.Cumsum(1), 1e-12);
        Close(rows, t.Cumsum(-1), 1e-12);
        Close(cols, t.Cumsum(0), 1e-12);
        Close(prods, t.Cumprod(1), 1e-12);
        Assert.Throws<TorchException>(() => t.Cumsum(2));
    }

    [Fact]
    public void SortMatchesArraySort()
    {
        using var scope = TensorScope.Enter();
        var data = OpsAssert.Sample(64, 6);
        var t = Tensor.FromArray(data);
        var (values, indices) = t.Sort();
        var expected = (double[])data.Clone();
        Array.Sort(expected);
        Assert.Equal(expected, Values(values));
        var idx = indices.ToArray<long>();
        Assert.Equal(expected, idx.Select(i => data[i]));

        var (down, _) = t.Sort(descending: true);
        Assert.Equal(expected.Reverse(), Values(down));
        Assert.Equal(idx, t.Argsort().ToArray<long>());

        var (top, topIdx) = t.TopK(3);
        Assert.Equal(expected.Reverse().Take(3), Values(top));
        Assert.Equal(top.ToArray<double>(), topIdx.ToArray<long>().Select(i => data[i]));
    }

    [Fact]
    public void SortAlongRowsOfAMatrix()
    {
        using var scope = TensorScope.Enter();
        var data = OpsAssert.Sample(20, 7);
        var (values, _) = Tensor.FromArray(data, 4, 5).Sort(1);
        var got = Values(values);
        for (var r = 0; r < 4; r++)
        {
            var row = data.Skip(r * 5).Take(5).ToArray();
            Array.Sort(row);
            Assert.Equal(row, got.Skip(r * 5).Take(5));
        }
    }

    [Fact]
    public void SearchsortedMatchesLinearScan()
    {
        using var scope = TensorScope.Enter();
        var sorted = new double[] { -1, 0, 0, 0.5, 2, 2, 7 };
        var queries = new double[] { -3, -1, 0, 0.25, 2, 3, 7, 9 };
        var left = Tensor.Searchsorted(Tensor.FromArray(sorted), Tensor.FromArray(queries)).ToArray<long>();
        var right = Tensor.Searchsorted(Tensor.FromArray(sorted), Tensor.FromArray(queries), right: true).ToArray<long>();
        for (var q = 0; q < queries.Length; q++)
        {
            Assert.Equal(sorted.Count(s => s < queries[q]), left[q]);
            Assert.Equal(sorted.Count(s => s <= queries[q]), right[q]);
        }
        Assert.Throws<TorchException>(() => Tensor.Searchsorted(Tensor.Zeros(2, 3), Tensor.Zeros(3, 3)));
    }
}
