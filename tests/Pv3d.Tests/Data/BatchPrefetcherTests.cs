using Pv3d.Data;
using Pv3d.Torch;

namespace Pv3d.Tests.Data;

public class BatchPrefetcherTests
{
    private static DatasetBatch Make(long n, List<long> made)
    {
        lock (made) made.Add(n);
        return new DatasetBatch(Tensor.Full(new long[] { 1 }, n), Tensor.Full(new long[] { 1 }, -n), Tensor.Full(new long[] { 1 }, 2 * n));
    }

    [Fact]
    public void TakesInOrderComeFromThePrefetchAndMatchDirectBatches()
    {
        var made = new List<long>();
        using (var prefetcher = new BatchPrefetcher(n => Make(n, made)))
        {
            for (long u = 5; u < 9; u++)
            {
                using var batch = prefetcher.Take(u);
                Assert.Equal(new float[] { u }, batch.Frames.ToArray<float>());
                Assert.Equal(new float[] { -u }, batch.Cameras.ToArray<float>());
            }
        }
        lock (made) Assert.Equal(new long[] { 5, 6, 7, 8, 9 }, made.OrderBy(x => x)); // each made once, plus the lookahead
    }

    [Fact]
    public void OutOfOrderTakesRecompute()
    {
        var made = new List<long>();
        using var prefetcher = new BatchPrefetcher(n => Make(n, made));
        prefetcher.Take(0).Dispose();
        using var batch = prefetcher.Take(10);
        Assert.Equal(new float[] { 20 }, batch.Times.ToArray<float>());
    }
}
