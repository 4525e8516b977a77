using Pv3d.Torch.Native;

namespace Pv3d.Torch.Diagnostics;

/// <summary>Process memory figures for checking that a loop runs at flat memory, and a heap trim to see how much of the resident size is freed heap.</summary>
public static class MemoryDiagnostics
{
    /// <summary>
    /// Bytes malloc has handed out and not yet taken back, over all arenas. Native tensors live here,
    /// the managed heap does not, so this moves with leaked tensors and not with GC timing.
    /// </summary>
    public static long MallocInUseBytes
    {
        get { NativeLib.Check(NativeMethods.pv_malloc_in_use_bytes(out var n)); return n; }
    }

    /// <summary>Resident set size of this process, from /proc/self/statm (0 where that file is missing).</summary>
    public static long ResidentBytes
    {
        get
        {
            const string path = "/proc/self/statm";
            if (!File.Exists(path)) return 0;
            var fields = File.ReadAllText(path).Split(' ', StringSplitOptions.RemoveEmptyEntries);
            return long.Parse(fields[1]) * Environment.SystemPageSize;
        }
    }

    /// <summary>
    /// Returns the native heap's free pages to the system (glibc <c>malloc_trim(0)</c>), holes inside the heap
    /// included. True when some memory was released. Tensors stay valid; the next allocations fault pages back in.
    /// </summary>
    public static bool TrimNativeHeap()
    {
        NativeLib.Check(NativeMethods.pv_malloc_trim(out var released));
        return released != 0;
    }

    /// <summary>Runs the garbage collector to completion, finalizers included, before a measurement.</summary>
    public static void CollectGarbage()
    {
        GC.Collect();
        GC.WaitForPendingFinalizers();
        GC.Collect();
    }
}
