using System.Diagnostics;
using System.Net;
using Pv3d.Torch;
using Pv3d.Torch.Distributed;

namespace Pv3d.Distributed;

/// <summary>
/// This process's membership of a multi-process run (torch.distributed's <c>init_process_group</c> ...
/// <c>destroy_process_group</c>): a store for the rendezvous (a TCPStore served by rank 0, or a FileStore) and a Gloo
/// process group. The collectives wrap <see cref="ProcessGroup"/>'s: when one fails (a peer died or hung past
/// <see cref="DistributedOptions.Timeout"/>), every surviving rank reports through the store and the error names the
/// ranks that did not report, as a <see cref="Pv3dException"/>.
/// </summary>
public sealed class DistributedSession : IDisposable
{
    private const string Prefix = "pv3d/";
    private readonly DistributedOptions _options;
    private int _checks;
    private bool _disposed;

    private DistributedSession(DistributedOptions options, DistributedStore store, ProcessGroup group)
    {
        _options = options;
        Store = store;
        Group = group;
    }

    public int Rank => _options.Rank;
    public int WorldSize => _options.WorldSize;
    public int LocalRank => _options.LocalRank;
    /// <summary>Rank 0: the one that writes logs, samples and checkpoints.</summary>
    public bool IsMain => _options.Rank == 0;
    public DistributedOptions Options => _options;
    public DistributedStore Store { get; }
    public ProcessGroup Group { get; }

    /// <summary>How long the survivors of a failed collective wait for each other's reports before naming the silent ranks.</summary>
    public TimeSpan ReportGrace { get; init; } = TimeSpan.FromSeconds(3);

    /// <summary>
    /// Joins the run: opens the store (rank 0 serves the TCPStore), waits until every rank has announced itself and
    /// connects the Gloo group. Fails after <see cref="DistributedOptions.Timeout"/> with a message naming the ranks
    /// that never joined, or the address that could not be served or reached.
    /// </summary>
    public static DistributedSession Init(DistributedOptions options)
    {
        options.Validate();
        if (!ProcessGroup.IsGlooAvailable)
            throw new Pv3dException("distributed: this build of libpv3dtorch has no Gloo backend (install libgloo-dev and run ./setup.sh again)");
        var store = OpenStore(options);
        try
        {
            Announce(store, options);
            var group = ProcessGroup.Gloo(store, options.Rank, options.WorldSize, options.Timeout, options.NetworkInterface,
                options.NetworkInterface is null && IsLoopback(options.MasterAddress) ? "127.0.0.1" : null);
            return new DistributedSession(options, store, group);
        }
        catch (TorchException e)
        {
            store.Dispose();
            throw new Pv3dException($"distributed: rank {options.Rank} could not connect the process group through {store.Description}: {e.Message}");
        }
        catch
        {
            store.Dispose();
            throw;
        }
    }

    private static DistributedStore OpenStore(DistributedOptions options)
    {
        if (options.StoreFile is { } file)
        {
            try
            {
                return DistributedStore.File(file, options.WorldSize, options.Timeout);
            }
            catch (TorchException e)
            {
                throw Pv3dException.ForSettings($"distributed: cannot open the StoreFile '{file}': {e.Message}", nameof(DistributedOptions.StoreFile));
            }
        }
        var server = options.Rank == 0;
        try
        {
            return DistributedStore.Tcp(options.MasterAddress, options.MasterPort, server, options.WorldSize, options.Timeout, waitForWorkers: false);
        }
        catch (TorchException e) when (server)
        {
            throw Pv3dException.ForSettings(
                $"distributed: rank 0 cannot serve the rendezvous on port {options.MasterPort} (MasterPort; in use by another run?): {FirstLine(e.Message)}",
                nameof(DistributedOptions.MasterPort));
        }
        catch (TorchException e)
        {
            throw Pv3dException.ForSettings(
                $"distributed: rank {options.Rank} cannot reach the rendezvous at {options.MasterAddress}:{options.MasterPort} (MasterAddress, MasterPort) " +
                $"within {Seconds(options.Timeout)}: {FirstLine(e.Message)}", nameof(DistributedOptions.MasterAddress), nameof(DistributedOptions.MasterPort));
        }
    }

    // Every rank sets its "joined" key, then waits for everybody's, so a rank that never comes is named.
    private static void Announce(DistributedStore store, DistributedOptions options)
    {
        store.SetString($"{Prefix}joined/{options.Rank}", $"{Dns.GetHostName()} pid {Environment.ProcessId}");
        var keys = Enumerable.Range(0, options.WorldSize).Select(r => $"{Prefix}joined/{r}").ToArray();
        try
        {
            store.Wait(keys, options.Timeout);
        }
        catch (TorchException)
        {
            var missing = Enumerable.Range(0, options.WorldSize).Where(r => !store.Check($"{Prefix}joined/{r}")).ToList();
            if (missing.Count == 0) throw;
            throw new Pv3dException(
                $"distributed: {RankList(missing)} never joined within {Seconds(options.Timeout)} (rendezvous at {store.Description}, world size {options.WorldSize})");
        }
    }

    /// <summary>In place: every rank's tensor becomes rank <paramref name="root"/>'s.</summary>
    public void Broadcast(Tensor tensor, int root = 0) => Run("broadcast", () => Group.Broadcast(tensor, root));

    /// <summary>In place: the sum (or average, min, max) over ranks.</summary>
    public void AllReduce(Tensor tensor, ReduceOp op = ReduceOp.Sum) => Run("all_reduce", () => Group.AllReduce(tensor, op));

    /// <summary>[WorldSize, *S]: every rank's tensor in rank order.</summary>
    public Tensor AllGather(Tensor tensor)
    {
        Tensor? result = null;
        Run("all_gather", () => result = Group.AllGather(tensor));
        return result!;
    }

    public void Barrier() => Run("barrier", () => Group.Barrier());

    /// <summary>
    /// Checks that every rank holds the same <paramref name="value"/> of <paramref name="what"/> (a configuration, a
    /// dataset listing); every rank calls it in the same order. A difference fails on every rank, naming the ranks.
    /// </summary>
    public void CheckSame(string what, string value)
    {
        var key = $"{Prefix}same/{_checks++}/";
        Store.SetString(key + Rank, value);
        var keys = Enumerable.Range(0, WorldSize).Select(r => key + r).ToArray();
        try
        {
            Store.Wait(keys, _options.Timeout);
        }
        catch (TorchException e)
        {
            throw new Pv3dException($"distributed: rank {Rank} timed out comparing {what} across ranks: {FirstLine(e.Message)}");
        }
        var reference = Store.GetString(key + "0");
        var differing = Enumerable.Range(1, WorldSize - 1).Where(r => Store.GetString(key + r) != reference).ToList();
        if (differing.Count > 0) throw new Pv3dException($"distributed: {what} differs between rank 0 and {RankList(differing)}");
    }

    private void Run(string operation, Action collective)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        try
        {
            collective();
        }
        catch (TorchException e)
        {
            throw Diagnose(operation, e.Message);
        }
    }

    // Every survivor writes a report; the ranks without one after the grace period are the dead or hung ones.
    private Pv3dException Diagnose(string operation, string error)
    {
        var cause = FirstLine(error);
        try
        {
            Store.SetString($"{Prefix}failed/{Rank}", cause);
        }
        catch (TorchException)
        {
            return new Pv3dException(
                $"distributed: {operation} failed on rank {Rank} and the rendezvous store ({Store.Description}, served by rank 0) is gone: rank 0 stopped. Cause: {cause}");
        }
        var others = Enumerable.Range(0, WorldSize).Where(r => r != Rank).ToList();
        var watch = Stopwatch.StartNew();
        List<int> silent;
        while (true)
        {
            try
            {
                silent = others.Where(r => !Store.Check($"{Prefix}failed/{r}")).ToList();
            }
            catch (TorchException)
            {
                return new Pv3dException(
                    $"distributed: {operation} failed on rank {Rank} and the rendezvous store ({Store.Description}, served by rank 0) is gone: rank 0 stopped. Cause: {cause}");
            }
            if (silent.Count == 0 || watch.Elapsed >= ReportGrace) break;
            Thread.Sleep(50);
        }
        return silent.Count > 0
            ? new Pv3dException($"distributed: {operation} failed on rank {Rank}: {RankList(silent)} stopped (died, or hung past the timeout of {Seconds(_options.Timeout)}). Cause: {cause}")
            : new Pv3dException($"distributed: {operation} failed on every rank. Cause on rank {Rank}: {cause}");
    }

    /// <summary>
    /// Leaves the run. Rank 0 serves the TCPStore, so it waits (up to the timeout) until every rank has left before
    /// closing it; the others just go.
    /// </summary>
    public void Dispose()
    {
        if (_disposed) return;
        _disposed = true;
        try
        {
            if (Group.Failure is null)
            {
                Store.Add($"{Prefix}left", 1);
                if (IsMain && _options.StoreFile is null)
                {
                    var watch = Stopwatch.StartNew();
                    while (Store.Add($"{Prefix}left", 0) < WorldSize && watch.Elapsed < _options.Timeout) Thread.Sleep(20);
                }
            }
        }
        catch (TorchException)
        {
            // A peer or the store is gone: nothing left to coordinate.
        }
        Group.Dispose();
        Store.Dispose();
    }

    internal static string RankList(IReadOnlyList<int> ranks) =>
        ranks.Count == 1 ? $"rank {ranks[0]}" : $"ranks {string.Join(", ", ranks)}";

    private static string Seconds(TimeSpan t) => $"{t.TotalSeconds:0.#} s";

    private static string FirstLine(string message)
    {
        var line = message.Split('\n', 2)[0].Trim();
        return line.Length > 400 ? line[..400] + "..." : line;
    }

    private static bool IsLoopback(string address) =>
        address == "localhost" || (IPAddress.TryParse(address, out var ip) && IPAddress.IsLoopback(ip));
}
