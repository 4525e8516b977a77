using Pv3d.Torch;
using Pv3d.Torch.Diagnostics;
using Xunit.Abstractions;

namespace Pv3d.Tests.Memory;

/// <summary>
/// The native library configures malloc when it loads (native/src/allocator.cpp): a large tensor must come from the
/// heap, not from a mmap of its own, and allocating it again after freeing it must not fault its pages in again.
/// With glibc's defaults both fail: a 48 MiB block is above the largest mmap threshold (32 MiB), so it is mapped
/// and unmapped every time.
/// </summary>
[Collection(MemoryCollection.Name)]
public class AllocatorSettingsTests(ITestOutputHelper output)
{
    private const long Floats = 12L << 20; // 48 MiB

    [Fact]
    public void SettingsAreAppliedWithoutEnvironmentVariables()
    {
        var settings = MemoryDiagnostics.Allocator;
        Assert.True(settings.Applied, "libpv3dtorch did not configure malloc (is MALLOC_*_, GLIBC_TUNABLES or PV3D_MALLOC=system set?)");
        Assert.True(settings.TrimThreshold >= 256L << 20, $"trim threshold {settings.TrimThreshold} is below one large tensor's size");
    }

    [Fact]
    public void LargeTensorsComeFromTheHeapAndReuseItsPages()
    {
        MemoryDiagnostics.CollectGarbage();
        var mappedBefore = MemoryDiagnostics.MallocMmapped;
        long mappedWhileAlive;
        using (var first = Tensor.Ones(Floats))
        {
            mappedWhileAlive = MemoryDiagnostics.MallocMmapped.Bytes;
            Assert.Equal(1f, first.Sum().ToArray<float>()[0] / Floats);
        }
        Assert.True(mappedWhileAlive - mappedBefore.Bytes < Floats * sizeof(float),
            $"a {Floats * sizeof(float) >> 20} MiB tensor was served by mmap ({mappedBefore.Bytes >> 20} -> {mappedWhileAlive >> 20} MiB mapped)");

        var faultsBefore = MinorFaults();
        using (var second = Tensor.Ones(Floats))
            Assert.Equal(1f, second.Sum().ToArray<float>()[0] / Floats);
        var faults = MinorFaults() - faultsBefore;
        var pages = Floats * sizeof(float) / Environment.SystemPageSize;
        output.WriteLine($"second 48 MiB tensor: {faults} minor page faults for {pages} pages");
        Assert.True(faults < pages / 4, $"the second 48 MiB tensor faulted {faults} of its {pages} pages in again");
    }

    /// <summary>Minor page faults of this process so far (/proc/self/stat field 10).</summary>
    private static long MinorFaults()
    {
        var stat = File.ReadAllText("/proc/self/stat");
        var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
        return long.Parse(fields[7]); // fields after the command name start at field 3 (state)
    }
}
