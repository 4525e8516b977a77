using Pv3d.Torch;
using Pv3d.Torch.Diagnostics;
using Xunit.Abstractions;

namespace Pv3d.Tests.Memory;

/// <summary>
/// Freed tensors pinned between live ones leave holes that glibc keeps resident; the heap trim must hand those
/// pages back without touching the live tensors.
/// </summary>
[Collection(MemoryCollection.Name)]
public class HeapTrimTests(ITestOutputHelper output)
{
    private const int Pairs = 3000;
    private const int HoleFloats = 16 * 1024; // 64 KiB: below malloc's mmap threshold, so it comes from the heap

    [Fact]
    public void TrimReturnsTheHolesOfAFragmentedHeapAndKeepsLiveTensors()
    {
        var holes = new List<Tensor>();
        var pins = new List<Tensor>();
        try
        {
            for (var i = 0; i < Pairs; i++)
            {
                holes.Add(Tensor.Ones(HoleFloats));
                pins.Add(Tensor.Full(new long[] { 1 }, i));
            }
            foreach (var h in holes) h.Dispose();
            MemoryDiagnostics.CollectGarbage();
            var before = MemoryDiagnostics.ResidentBytes;
            var released = MemoryDiagnostics.TrimNativeHeap();
            var after = MemoryDiagnostics.ResidentBytes;
            output.WriteLine($"rss {before >> 20} MiB -> {after >> 20} MiB");
            Assert.True(released, "malloc_trim reported nothing released");
            // The holes total 3,000 × 64 KiB ≈ 188 MiB; at least half of that must leave the resident set.
            Assert.True(before - after > (long)Pairs * HoleFloats * sizeof(float) / 2,
                $"resident size went only from {before >> 20} MiB to {after >> 20} MiB");
            for (var i = 0; i < Pairs; i += 97) Assert.Equal(i, pins[i].ToArray<float>()[0]);
        }
        finally
        {
            foreach (var t in holes.Concat(pins)) t.Dispose();
        }
    }
}
