using Pv3d.Torch;
using Pv3d.Torch.Diagnostics;
using Pv3d.Torch.Modules;
using Pv3d.Torch.Optim;
using Xunit.Abstractions;

namespace Pv3d.Tests.Memory;

/// <summary>
/// A discriminator-like training step (forward, R1-style gradient penalty through a double backward,
/// Adam) repeated 2,000 times inside per-iteration scopes must run at flat memory.
/// </summary>
[Collection(MemoryCollection.Name)]
public class FlatMemoryTrainingTests(ITestOutputHelper output)
{
    private sealed class SmallDiscriminator : Module<Tensor, Tensor>
    {
        public SmallDiscriminator()
        {
            RegisterModule("conv0", new Conv2d(3, 8, 3, padding: 1));
            RegisterModule("conv1", new Conv2d(8, 1, 3, padding: 1));
        }

        public override Tensor Forward(Tensor x)
        {
            var h = Functional.LeakyRelu((GetModule<Conv2d>("conv0")).Forward(x), 0.2);
            return Functional.LeakyRelu((GetModule<Conv2d>("conv1")).Forward(h), 0.2);
        }
    }

    /// <summary>One step; returns every tensor it made so a test can leak them on purpose.</summary>
    private static Tensor[] TrainingStep(SmallDiscriminator d, Adam adam)
    {
        var x = Tensor.Randn(4, 3, 8, 8).SetRequiresGrad();
        var outSum = d.Forward(x).Sum();
        var g = Pv3d.Torch.Autograd.Grad(outSum, x, createGraph: true);
        var penalty = (g * g).Sum();
        var loss = outSum + penalty;
        adam.ZeroGrad();
        loss.Backward();
        adam.Step();
        return [x, outSum, g, penalty, loss];
    }

    private static (long Malloc, long Rss) Measure()
    {
        MemoryDiagnostics.CollectGarbage();
        return (MemoryDiagnostics.MallocInUseBytes, MemoryDiagnostics.ResidentBytes);
    }

    /// <summary>
    /// Runs with one intra-op thread: the tensors are tiny, and on a busy machine libtorch's thread
    /// hand-offs cost more than the work (this collection runs alone, so the setting touches no other test).
    /// </summary>
    private static void WithOneThread(Action body)
    {
        var threads = TorchRuntime.NumThreads;
        TorchRuntime.NumThreads = 1;
        try
        {
            body();
        }
        finally
        {
            TorchRuntime.NumThreads = threads;
        }
    }

    /// <summary>
    /// Trains 2,000 iterations, each in its own scope or (leaking on purpose) keeping every tensor it
    /// made; measures after iterations 200 and 2,000. Returns the kept tensors for the caller to dispose.
    /// </summary>
    private static ((long Malloc, long Rss) At200, (long Malloc, long Rss) At2000, List<Tensor> Kept) Run(SmallDiscriminator d, bool scoped)
    {
        using var adam = new Adam(d.Parameters(), lr: 1e-3);
        var kept = new List<Tensor>();
        (long Malloc, long Rss) at200 = default;
        for (var i = 1; i <= 2000; i++)
        {
            if (scoped)
            {
                using (TensorScope.Enter()) TrainingStep(d, adam);
            }
            else
            {
                kept.AddRange(TrainingStep(d, adam));
            }
            if (i == 200) at200 = Measure();
        }
        return (at200, Measure(), kept);
    }

    [Fact]
    public void TwoThousandScopedIterationsRunAtFlatMemory() => WithOneThread(() =>
    {
        using var d = new SmallDiscriminator();
        var initial = d.Parameters().Select(p => p.ToArray<float>()).ToList();
        var watch = System.Diagnostics.Stopwatch.StartNew();
        var (at200, at2000, _) = Run(d, scoped: true);
        output.WriteLine($"{watch.Elapsed.TotalSeconds:F1} s; malloc {at200.Malloc} -> {at2000.Malloc}, rss {at200.Rss} -> {at2000.Rss}");
        Assert.InRange(at2000.Malloc, 0, at200.Malloc * 1.10);
        Assert.InRange(at2000.Rss, 0, at200.Rss * 1.10);
        // The loop did train: every parameter moved and holds finite values.
        var final = d.Parameters().Select(p => p.ToArray<float>()).ToList();
        for (var k = 0; k < final.Count; k++)
        {
            Assert.All(final[k], v => Assert.True(float.IsFinite(v)));
            Assert.NotEqual(initial[k], final[k]);
        }
    });

    [Fact]
    public void TheSameCheckCatchesTensorsLeakedWithoutAScope() => WithOneThread(() =>
    {
        using var d = new SmallDiscriminator();
        var (at200, at2000, kept) = Run(d, scoped: false);
        foreach (var t in kept) t.Dispose();
        var released = Measure();
        output.WriteLine($"malloc {at200.Malloc} -> {at2000.Malloc}, after disposing {released.Malloc}");
        Assert.True(at2000.Malloc > at200.Malloc * 1.10,
            $"1,800 leaking iterations grew malloc'd memory only from {at200.Malloc} to {at2000.Malloc} bytes");
        Assert.True(released.Malloc < at200.Malloc * 1.10);
    });
}
