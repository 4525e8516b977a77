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

    /// <summary>
    /// The malloc settings libpv3dtorch applied when it was loaded (native/src/allocator.cpp): large blocks from
    /// the heap instead of one mmap each, freed memory kept up to <see cref="AllocatorSettings.TrimThreshold"/>.
    /// Not applied when the user set these themselves (MALLOC_MMAP_MAX_, MALLOC_MMAP_THRESHOLD_, MALLOC_TRIM_THRESHOLD_,
    /// MALLOC_TOP_PAD_, a glibc.malloc tunable) or PV3D_MALLOC=system.
    /// </summary>
    public static AllocatorSettings Allocator
    {
        get
        {
            NativeLib.Check(NativeMethods.pv_allocator_settings(out var applied, out var trim, out var pad));
            return new AllocatorSettings(applied != 0, trim, pad);
        }
    }

    /// <summary>Blocks (and their bytes) malloc currently serves with a mmap of their own (glibc mallinfo2 hblks, hblkhd).</summary>
    public static (long Blocks, long Bytes) MallocMmapped
    {
        get { NativeLib.Check(NativeMethods.pv_malloc_mmapped(out var blocks, out var bytes)); return (blocks, bytes); }
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

/// <summary>See <see cref="MemoryDiagnostics.Allocator"/>; sizes in bytes, 0 when not applied.</summary>
public readonly record struct AllocatorSettings(bool Applied, long TrimThreshold, long TopPad);
