using Pv3d.Torch.Diagnostics;

namespace Pv3d.Training.Loop;

/// <summary>
/// The process's memory after an update, split so a growing run can be told apart: resident set (what the
/// machine pays), bytes malloc has handed out (native tensors: grows with a leak), and the managed heap.
/// Resident growth with flat malloc use is heap fragmentation, not a leak.
/// </summary>
public sealed record MemoryUse(long ResidentBytes, long MallocInUseBytes, long ManagedBytes)
{
    private const double BytesPerGiB = 1L << 30;

    public double ResidentGiB => ResidentBytes / BytesPerGiB;
    public double MallocInUseGiB => MallocInUseBytes / BytesPerGiB;
    public double ManagedGiB => ManagedBytes / BytesPerGiB;

    public static MemoryUse Measure() =>
        new(MemoryDiagnostics.ResidentBytes, MemoryDiagnostics.MallocInUseBytes, GC.GetTotalMemory(forceFullCollection: false));
}
