using System.Net;
using System.Net.Sockets;
using Pv3d.Distributed;
using Pv3d.Torch;
using Pv3d.Torch.Distributed;

namespace Pv3d.Tests.Distributed;

/// <summary>The run-level API: torchrun's variables, the rendezvous, named ranks in failures, configuration checks.</summary>
public class DistributedSessionTests
{
    private static DistributedOptions Options(int rank, int world, string storeFile, double timeoutSeconds = 20) => new()
    {
        Rank = rank,
        WorldSize = world,
        StoreFile = storeFile,
        Timeout = TimeSpan.FromSeconds(timeoutSeconds),
    };

    [Fact]
    public void EnvironmentOfTorchrunIsRead()
    {
        var env = new Dictionary<string, string>
        {
            ["RANK"] = "3", ["WORLD_SIZE"] = "4", ["LOCAL_RANK"] = "1", ["MASTER_ADDR"] = "10.0.0.7", ["MASTER_PORT"] = "29511",
        };
        var o = DistributedOptions.FromEnvironment(k => env.GetValueOrDefault(k))!;
        Assert.Equal((3, 4, 1, "10.0.0.7", 29511), (o.Rank, o.WorldSize, o.LocalRank, o.MasterAddress, o.MasterPort));
        Assert.Null(o.NetworkInterface);

        Assert.Null(DistributedOptions.FromEnvironment(_ => null));
        var e = Assert.Throws<Pv3dException>(() => DistributedOptions.FromEnvironment(k => k == "WORLD_SIZE" ? "2" : null));
        Assert.Contains("RANK", e.Message);
        e = Assert.Throws<Pv3dException>(() => DistributedOptions.FromEnvironment(k => k switch { "WORLD_SIZE" => "2", "RANK" => "2", _ => null }));
        Assert.Contains("Rank 2 is outside 0..1", e.Message);
        e = Assert.Throws<Pv3dException>(() => DistributedOptions.FromEnvironment(k => k switch { "WORLD_SIZE" => "two", "RANK" => "0", _ => null }));
        Assert.Contains("WORLD_SIZE='two'", e.Message);
        var defaults = DistributedOptions.FromEnvironment(k => k switch { "WORLD_SIZE" => "2", "RANK" => "1", _ => null })!;
        Assert.Equal((1, "127.0.0.1", 29500), (defaults.LocalRank, defaults.MasterAddress, defaults.MasterPort));
    }

    [Fact]
    public void TwoRanksOverTcpReduceBroadcastAndGather()
    {
        var port = FreePort();
        var results = DistributedTestRanks.Run(2, rank =>
        {
            using var session = DistributedSession.Init(new DistributedOptions
            {
                Rank = rank, WorldSize = 2, MasterAddress = "127.0.0.1", MasterPort = port, Timeout = TimeSpan.FromSeconds(20),
            });
            Assert.Equal(rank == 0, session.IsMain);
            // Σ_r (r + 1)² · [1, 2, 3] = 5 · [1, 2, 3]
            var t = Tensor.FromArray(new float[] { 1, 2, 3 }, 3).Mul((rank + 1) * (rank + 1));
            session.AllReduce(t);
            var weights = rank == 0 ? Tensor.FromArray(new float[] { 0.25f, -4f }, 2) : Tensor.Zeros(2);
            session.Broadcast(weights);
            var gathered = session.AllGather(Tensor.FromArray(new long[] { rank, 7 * rank }, 2));
            session.CheckSame("the model configuration", "channels: 16");
            session.Barrier();
            return (t.ToArray<float>(), weights.ToArray<float>(), gathered.ToArray<long>());
        });
        foreach (var (sum, weights, gathered) in results)
        {
            Assert.Equal(new[] { 5f, 10f, 15f }, sum);
            Assert.Equal(new[] { 0.25f, -4f }, weights);
            Assert.Equal(new long[] { 0, 0, 1, 7 }, gathered);
        }
    }

    [Fact]
    public void ARankThatNeverJoinsIsNamedAfterTheTimeout()
    {
        var watch = System.Diagnostics.Stopwatch.StartNew();
        var e = Assert.Throws<Pv3dException>(() => DistributedSession.Init(Options(0, 2, DistributedTestRanks.StoreFile(), 1.0)));
        Assert.InRange(watch.Elapsed.TotalSeconds, 0.9, 15);
        Assert.Contains("rank 1 never joined within 1 s", e.Message);
    }

    [Fact]
    public void ARankThatStopsAnsweringIsNamedByTheSurvivor()
    {
        var file = DistributedTestRanks.StoreFile();
        var messages = DistributedTestRanks.Run(2, rank =>
        {
            using var session = DistributedSession.Init(Options(rank, 2, file, 1.5)) ;
            session.AllReduce(Tensor.Ones(3));
            if (rank == 1)
            {
                // "Hangs": skips the next collective and waits until rank 0 has reported.
                session.Store.Wait(["test/rank0-done"], TimeSpan.FromSeconds(30));
                return "";
            }
            var e = Assert.Throws<Pv3dException>(() => session.AllReduce(Tensor.Ones(3)));
            session.Store.SetString("test/rank0-done", "1");
            return e.Message;
        });
        Assert.Contains("all_reduce failed on rank 0: rank 1 stopped", messages[0]);
    }

    [Fact]
    public void DifferentConfigurationsAreRefusedOnEveryRank()
    {
        var file = DistributedTestRanks.StoreFile();
        var messages = DistributedTestRanks.Run(3, rank =>
        {
            using var session = DistributedSession.Init(Options(rank, 3, file));
            session.CheckSame("the dataset listing", "a b c");
            var e = Assert.Throws<Pv3dException>(() => session.CheckSame("the training configuration", rank == 2 ? "batch 4" : "batch 8"));
            return e.Message;
        });
        foreach (var m in messages) Assert.Equal("distributed: the training configuration differs between rank 0 and rank 2", m);
    }

    [Fact]
    public void APortInUseAndAnUnreachableMasterGiveClearErrors()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var busy = ((IPEndPoint)listener.LocalEndpoint).Port;
        var e = Assert.Throws<Pv3dException>(() => DistributedSession.Init(new DistributedOptions
        {
            Rank = 0, WorldSize = 2, MasterAddress = "127.0.0.1", MasterPort = busy, Timeout = TimeSpan.FromSeconds(2),
        }));
        Assert.Contains($"rank 0 cannot serve the rendezvous on port {busy} (MasterPort", e.Message);

        var closed = FreePort();
        e = Assert.Throws<Pv3dException>(() => DistributedSession.Init(new DistributedOptions
        {
            Rank = 1, WorldSize = 2, MasterAddress = "127.0.0.1", MasterPort = closed, Timeout = TimeSpan.FromSeconds(1),
        }));
        Assert.Contains($"rank 1 cannot reach the rendezvous at 127.0.0.1:{closed}", e.Message);
    }

    private static int FreePort()
    {
        using var l = new TcpListener(IPAddress.Loopback, 0);
        l.Start();
        return ((IPEndPoint)l.LocalEndpoint).Port;
    }
}
