using Pv3d.Torch;
using Pv3d.Torch.Distributed;

namespace Pv3d.Tests.Distributed;

/// <summary>c10d's Gloo process group through our C ABI: two ranks on two threads, results against closed forms.</summary>
public class ProcessGroupTests
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(20);

    [Fact]
    public void GlooIsAvailable() => Assert.True(ProcessGroup.IsGlooAvailable);

    [Fact]
    public void CollectivesOverFileStoreMatchClosedForms()
    {
        var file = DistributedTestRanks.StoreFile();
        var results = DistributedTestRanks.Run(2, rank =>
        {
            using var store = DistributedStore.File(file, 2, Timeout);
            using var group = ProcessGroup.Gloo(store, rank, 2, Timeout, hostname: "127.0.0.1");
            Assert.Equal(rank, group.Rank);
            Assert.Equal(2, group.WorldSize);
            // x_r = (r + 1) * [0, 1, ..., 5]
            var sum = Tensor.Arange(6).Mul(rank + 1);
            group.AllReduce(sum);
            var average = Tensor.Arange(6).Mul(rank + 1);
            group.AllReduce(average, ReduceOp.Average);
            var max = Tensor.Arange(6).Mul(rank + 1);
            group.AllReduce(max, ReduceOp.Max);
            var min = Tensor.Arange(6).Mul(rank + 1);
            group.AllReduce(min, ReduceOp.Min);
            var broadcast = Tensor.Full([2, 3], 10.0 + rank);
            group.Broadcast(broadcast, root: 1);
            var gathered = group.AllGather(Tensor.Full([2], rank * 100.0));
            group.Barrier();
            Assert.Null(group.Failure);
            return (sum: sum.ToArray<float>(), average: average.ToArray<float>(), max: max.ToArray<float>(), min: min.ToArray<float>(),
                broadcast: broadcast.ToArray<float>(), gatheredShape: gathered.Shape, gathered: gathered.ToArray<float>());
        });
        foreach (var r in results)
        {
            Assert.Equal(Enumerable.Range(0, 6).Select(i => 3f * i), r.sum);
            Assert.Equal(Enumerable.Range(0, 6).Select(i => 1.5f * i), r.average);
            Assert.Equal(Enumerable.Range(0, 6).Select(i => 2f * i), r.max);
            Assert.Equal(Enumerable.Range(0, 6).Select(i => 1f * i), r.min);
            Assert.Equal(Enumerable.Repeat(11f, 6), r.broadcast);
            Assert.Equal(new long[] { 2, 2 }, r.gatheredShape);
            Assert.Equal(new[] { 0f, 0f, 100f, 100f }, r.gathered);
        }
    }

    [Fact]
    public void TcpStoreOnAFreePortCarriesKeysAndAGroup()
    {
        using var server = DistributedStore.Tcp("127.0.0.1", 0, isServer: true, worldSize: 2, Timeout, waitForWorkers: false);
        var port = server.Port;
        Assert.InRange(port, 1, 65535);
        using var client = DistributedStore.Tcp("127.0.0.1", port, isServer: false, worldSize: 2, Timeout);
        client.SetString("greeting", "hello from the client");
        Assert.Equal("hello from the client", server.GetString("greeting"));
        Assert.Equal(5, server.Add("counter", 5));
        Assert.Equal(7, client.Add("counter", 2));
        Assert.True(server.Check("greeting", "counter"));
        Assert.False(server.Check("greeting", "absent"));
        var big = Enumerable.Range(0, 5000).Select(i => (byte)(i * 7)).ToArray();
        server.Set("big", big);
        Assert.Equal(big, client.Get("big"));

        var stores = new[] { server, client };
        var sums = DistributedTestRanks.Run(2, rank =>
        {
            using var group = ProcessGroup.Gloo(stores[rank], rank, 2, Timeout, hostname: "127.0.0.1");
            var t = Tensor.FromArray(new double[] { rank, 1.0 / (rank + 1) }, 2);
            group.AllReduce(t);
            return t.ToArray<double>();
        });
        foreach (var s in sums) Assert.Equal(new[] { 1.0, 1.5 }, s);
    }

    [Fact]
    public void WaitingForAMissingKeyTimesOut()
    {
        using var store = DistributedStore.File(DistributedTestRanks.StoreFile(), 1, Timeout);
        // c10d's FileStore of one process creates its file with the first key (before, any read says the file is missing).
        store.SetString("present", "1");
        var watch = System.Diagnostics.Stopwatch.StartNew();
        var e = Assert.Throws<TorchException>(() => store.Wait(["never-set"], TimeSpan.FromMilliseconds(300)));
        Assert.InRange(watch.Elapsed.TotalSeconds, 0.25, 10);
        Assert.True(e.Message.Contains("imeout", StringComparison.Ordinal), e.Message);
    }

    [Fact]
    public void ACollectiveThatAPeerNeverJoinsFailsAfterTheTimeoutAndPoisonsTheGroup()
    {
        var file = DistributedTestRanks.StoreFile();
        var shortTimeout = TimeSpan.FromSeconds(1.5);
        var outcome = DistributedTestRanks.Run(2, rank =>
        {
            using var store = DistributedStore.File(file, 2, Timeout);
            using var group = ProcessGroup.Gloo(store, rank, 2, shortTimeout, hostname: "127.0.0.1");
            if (rank == 1)
            {
                // Rank 1 stays out of the collective until rank 0 has given up on it.
                store.Wait(["rank0-gave-up"], Timeout);
                return (error: (string?)null, seconds: 0.0, failure: (string?)null, second: (string?)null);
            }
            var watch = System.Diagnostics.Stopwatch.StartNew();
            var e = Assert.Throws<TorchException>(() => group.AllReduce(Tensor.Ones(4)));
            var seconds = watch.Elapsed.TotalSeconds;
            var failure = group.Failure;
            var second = Assert.Throws<TorchException>(() => group.Barrier()).Message;
            store.SetString("rank0-gave-up", "yes");
            return (error: e.Message, seconds, failure, second);
        });
        var (error, elapsed, recorded, later) = outcome[0];
        Assert.InRange(elapsed, 1.0, 15);
        Assert.Contains("imed out", error);
        Assert.NotNull(recorded);
        Assert.Contains("unusable after an earlier failure", later);
    }
}
