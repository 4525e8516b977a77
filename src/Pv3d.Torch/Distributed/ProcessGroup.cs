using System.Runtime.InteropServices;
using Pv3d.Torch.Native;

namespace Pv3d.Torch.Distributed;

/// <summary>
/// A c10d process group (torch.distributed's <c>ProcessGroupGloo</c>): <see cref="WorldSize"/> processes that run the
/// same collectives in the same order. Every call blocks until the collective has finished on this rank. Tensors must
/// be dense and contiguous, with the same shape and dtype on every rank. A collective that fails (a peer died, the
/// timeout passed) throws <see cref="TorchException"/> and leaves the group unusable (<see cref="Failure"/>): every
/// later call fails with the first error.
/// </summary>
public sealed class ProcessGroup : IDisposable
{
    private readonly GroupHandle _handle;

    private ProcessGroup(IntPtr handle, int rank, int worldSize, string backend, TimeSpan timeout)
    {
        _handle = new GroupHandle(handle);
        Rank = rank;
        WorldSize = worldSize;
        Backend = backend;
        Timeout = timeout;
    }

    public int Rank { get; }
    public int WorldSize { get; }
    /// <summary>"gloo".</summary>
    public string Backend { get; }
    /// <summary>The bound on the rendezvous and on every collective.</summary>
    public TimeSpan Timeout { get; }

    private GroupHandle Handle => _handle.IsClosed ? throw new ObjectDisposedException(nameof(ProcessGroup)) : _handle;

    /// <summary>Whether this build of libpv3dtorch has the Gloo backend (it needs libgloo-dev at build time).</summary>
    public static bool IsGlooAvailable
    {
        get
        {
            NativeLib.Check(NativeMethods.pv_distributed_backends(out var mask));
            return (mask & 1) != 0;
        }
    }

    /// <summary>
    /// Joins a Gloo group of <paramref name="worldSize"/> ranks through <paramref name="store"/>; returns once all ranks
    /// are connected, or throws after <paramref name="timeout"/>. Gloo binds to <paramref name="networkInterface"/>
    /// when given (torch's <c>GLOO_SOCKET_IFNAME</c>), else to the address <paramref name="hostname"/> resolves to, else
    /// to the machine's host name (loopback as fallback).
    /// </summary>
    public static ProcessGroup Gloo(DistributedStore store, int rank, int worldSize, TimeSpan timeout,
        string? networkInterface = null, string? hostname = null, int threads = 0)
    {
        NativeLib.Check(NativeMethods.pv_group_gloo_create(store.Handle, rank, worldSize, networkInterface, hostname,
            DistributedStore.Millis(timeout), threads, out var handle));
        return new ProcessGroup(handle, rank, worldSize, "gloo", timeout);
    }

    /// <summary>The first failed collective's message, or null while the group is healthy.</summary>
    public string? Failure
    {
        get
        {
            const int capacity = 4096;
            var buffer = Marshal.AllocHGlobal(capacity);
            try
            {
                NativeLib.Check(NativeMethods.pv_group_failure(Handle, buffer, capacity));
                var text = Marshal.PtrToStringUTF8(buffer);
                return string.IsNullOrEmpty(text) ? null : text;
            }
            finally
            {
                Marshal.FreeHGlobal(buffer);
            }
        }
    }

    /// <summary>In place: <paramref name="tensor"/> becomes rank <paramref name="root"/>'s on every rank.</summary>
    public void Broadcast(Tensor tensor, int root = 0, TimeSpan? timeout = null) =>
        NativeLib.Check(NativeMethods.pv_group_broadcast(Handle, tensor.Handle, root, CallMillis(timeout)));

    /// <summary>In place: <paramref name="tensor"/> becomes the reduction over all ranks.</summary>
    public void AllReduce(Tensor tensor, ReduceOp op = ReduceOp.Sum, TimeSpan? timeout = null) =>
        NativeLib.Check(NativeMethods.pv_group_all_reduce(Handle, tensor.Handle, (int)op, CallMillis(timeout)));

    /// <summary>Every rank's <paramref name="tensor"/> [*S] stacked in rank order: [WorldSize, *S].</summary>
    public Tensor AllGather(Tensor tensor, TimeSpan? timeout = null)
    {
        var status = NativeMethods.pv_group_all_gather(Handle, tensor.Handle, CallMillis(timeout), out var result);
        return Tensor.FromNative(status, result);
    }

    /// <summary>Returns once every rank has called it.</summary>
    public void Barrier(TimeSpan? timeout = null) => NativeLib.Check(NativeMethods.pv_group_barrier(Handle, CallMillis(timeout)));

    /// <summary>Leaves the group (waits for queued work; Gloo's threads stop).</summary>
    public void Dispose() => _handle.Dispose();

    private static long CallMillis(TimeSpan? timeout) => timeout is { } t ? DistributedStore.Millis(t) : 0;
}
