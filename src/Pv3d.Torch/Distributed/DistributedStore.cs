using System.Runtime.InteropServices;
using System.Text;
using Pv3d.Torch.Native;

namespace Pv3d.Torch.Distributed;

/// <summary>
/// A c10d key-value store (torch.distributed's <c>TCPStore</c> / <c>FileStore</c>): the rendezvous through which the
/// ranks of a process group find each other, and a small shared dictionary for coordination (failure reports,
/// configuration checks). Blocking reads wait up to <see cref="Timeout"/>.
/// </summary>
public sealed class DistributedStore : IDisposable
{
    private readonly StoreHandle _handle;
    private TimeSpan _timeout;

    private DistributedStore(IntPtr handle, TimeSpan timeout, string description)
    {
        _handle = new StoreHandle(handle);
        _timeout = timeout;
        Description = description;
    }

    /// <summary>"TCPStore host:port" or "FileStore path", for messages.</summary>
    public string Description { get; private set; }

    private DistributedStore WithDescription(string description)
    {
        Description = description;
        return this;
    }

    internal StoreHandle Handle => _handle.IsClosed ? throw new ObjectDisposedException(nameof(DistributedStore)) : _handle;

    /// <summary>
    /// A TCPStore. The server (<paramref name="isServer"/>, rank 0 by convention) listens on <paramref name="port"/>
    /// and, with <paramref name="waitForWorkers"/>, returns only once <paramref name="worldSize"/> processes (itself
    /// included) have connected; clients connect to <paramref name="host"/>:<paramref name="port"/>. Either fails
    /// after <paramref name="timeout"/> (port in use, nobody listening, too few clients).
    /// </summary>
    public static DistributedStore Tcp(string host, int port, bool isServer, int worldSize, TimeSpan timeout, bool waitForWorkers = true)
    {
        NativeLib.Check(NativeMethods.pv_store_tcp_create(host, port, isServer ? 1 : 0, worldSize, waitForWorkers ? 1 : 0,
            Millis(timeout), out var handle));
        var store = new DistributedStore(handle, timeout, $"TCPStore {host}:{port}");
        return port != 0 ? store : store.WithDescription($"TCPStore {host}:{store.Port}");
    }

    /// <summary>The port of a TCPStore (a server asked for port 0 gets a free one from the system).</summary>
    public int Port
    {
        get
        {
            NativeLib.Check(NativeMethods.pv_store_tcp_port(Handle, out var port));
            return port;
        }
    }

    /// <summary>A FileStore: every process of the group opens the same file (on a shared file system) with the same world size.</summary>
    public static DistributedStore File(string path, int worldSize, TimeSpan timeout)
    {
        NativeLib.Check(NativeMethods.pv_store_file_create(path, worldSize, Millis(timeout), out var handle));
        return new DistributedStore(handle, timeout, $"FileStore {path}");
    }

    /// <summary>How long <see cref="Get"/> and the group's rendezvous wait for a key.</summary>
    public TimeSpan Timeout
    {
        get => _timeout;
        set
        {
            NativeLib.Check(NativeMethods.pv_store_set_timeout(Handle, Millis(value)));
            _timeout = value;
        }
    }

    public unsafe void Set(string key, ReadOnlySpan<byte> value)
    {
        fixed (byte* p = value) NativeLib.Check(NativeMethods.pv_store_set(Handle, key, p, value.Length));
    }

    public void SetString(string key, string value) => Set(key, Encoding.UTF8.GetBytes(value));

    /// <summary>The value at <paramref name="key"/>, waiting for it up to <see cref="Timeout"/>.</summary>
    public unsafe byte[] Get(string key)
    {
        var buffer = new byte[256];
        while (true)
        {
            long length;
            fixed (byte* p = buffer) NativeLib.Check(NativeMethods.pv_store_get(Handle, key, p, buffer.Length, out length));
            if (length <= buffer.Length) return buffer.AsSpan(0, (int)length).ToArray();
            buffer = new byte[length];
        }
    }

    public string GetString(string key) => Encoding.UTF8.GetString(Get(key));

    /// <summary>Atomically adds <paramref name="delta"/> to the counter at <paramref name="key"/> (0 when absent); returns the new value.</summary>
    public long Add(string key, long delta)
    {
        NativeLib.Check(NativeMethods.pv_store_add(Handle, key, delta, out var value));
        return value;
    }

    /// <summary>Whether every key exists now (no waiting).</summary>
    public bool Check(params string[] keys)
    {
        var present = 0;
        WithKeys(keys, k => NativeMethods.pv_store_check(Handle, k, k.Length, out present));
        return present != 0;
    }

    /// <summary>Waits until every key exists; a <see cref="TorchException"/> after <paramref name="timeout"/>.</summary>
    public void Wait(IReadOnlyCollection<string> keys, TimeSpan timeout)
    {
        var millis = Millis(timeout);
        WithKeys(keys, k => NativeMethods.pv_store_wait(Handle, k, k.Length, millis));
    }

    /// <summary>Passes the keys as NUL-terminated UTF-8 strings (the marshaller has no UTF-8 string arrays).</summary>
    private static void WithKeys(IReadOnlyCollection<string> keys, Func<IntPtr[], int> call)
    {
        var pointers = keys.Select(Marshal.StringToCoTaskMemUTF8).ToArray();
        try
        {
            NativeLib.Check(call(pointers));
        }
        finally
        {
            foreach (var p in pointers) Marshal.FreeCoTaskMem(p);
        }
    }

    public void Dispose() => _handle.Dispose();

    internal static long Millis(TimeSpan t)
    {
        if (t <= TimeSpan.Zero) throw new ArgumentOutOfRangeException(nameof(t), "a distributed timeout must be positive");
        return (long)Math.Ceiling(t.TotalMilliseconds);
    }
}
