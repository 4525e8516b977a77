using System.Runtime.InteropServices;

namespace Pv3d.Torch.Native;

// c10d stores and process groups (native/src/distributed.cpp).
internal static partial class NativeMethods
{
    [DllImport(NativeLib.Name)] public static extern int pv_distributed_backends(out int mask);

    [DllImport(NativeLib.Name)]
    public static extern int pv_store_tcp_create([MarshalAs(UnmanagedType.LPUTF8Str)] string host, int port, int isServer,
        int worldSize, int waitWorkers, long timeoutMs, out IntPtr store);

    [DllImport(NativeLib.Name)]
    public static extern int pv_store_file_create([MarshalAs(UnmanagedType.LPUTF8Str)] string path, int worldSize, long timeoutMs,
        out IntPtr store);

    [DllImport(NativeLib.Name)] public static extern void pv_store_free(IntPtr store);
    [DllImport(NativeLib.Name)] public static extern int pv_store_tcp_port(StoreHandle store, out int port);
    [DllImport(NativeLib.Name)] public static extern int pv_store_set_timeout(StoreHandle store, long timeoutMs);

    [DllImport(NativeLib.Name)]
    public static extern unsafe int pv_store_set(StoreHandle store, [MarshalAs(UnmanagedType.LPUTF8Str)] string key, byte* data, long length);

    [DllImport(NativeLib.Name)]
    public static extern unsafe int pv_store_get(StoreHandle store, [MarshalAs(UnmanagedType.LPUTF8Str)] string key, byte* buffer,
        long capacity, out long length);

    [DllImport(NativeLib.Name)]
    public static extern int pv_store_add(StoreHandle store, [MarshalAs(UnmanagedType.LPUTF8Str)] string key, long delta, out long value);

    [DllImport(NativeLib.Name)]
    public static extern int pv_store_check(StoreHandle store, IntPtr[] keys,
        int n, out int present);

    [DllImport(NativeLib.Name)]
    public static extern int pv_store_wait(StoreHandle store, IntPtr[] keys,
        int n, long timeoutMs);

    [DllImport(NativeLib.Name)]
    public static extern int pv_group_gloo_create(StoreHandle store, int rank, int size, [MarshalAs(UnmanagedType.LPUTF8Str)] string? iface,
        [MarshalAs(UnmanagedType.LPUTF8Str)] string? hostname, long timeoutMs, int threads, out IntPtr group);

    [DllImport(NativeLib.Name)] public static extern void pv_group_free(IntPtr group);
    [DllImport(NativeLib.Name)] public static extern int pv_group_failure(GroupHandle group, IntPtr buffer, int capacity);
    [DllImport(NativeLib.Name)] public static extern int pv_group_broadcast(GroupHandle group, TensorHandle t, int root, long timeoutMs);
    [DllImport(NativeLib.Name)] public static extern int pv_group_all_reduce(GroupHandle group, TensorHandle t, int op, long timeoutMs);
    [DllImport(NativeLib.Name)] public static extern int pv_group_all_gather(GroupHandle group, TensorHandle t, long timeoutMs, out IntPtr result);
    [DllImport(NativeLib.Name)] public static extern int pv_group_barrier(GroupHandle group, long timeoutMs);
}
