using Pv3d.Checkpoints;
using Pv3d.Torch;
using Pv3d.Torch.Modules;
using Pv3d.Torch.Optim;
using Pv3d.Training;

namespace Pv3d.Tests.Training;

[Collection(GlobalRandomCollection.Name)]
public sealed class TrainingCheckpointTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("pv3d-trainckpt-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    /// <summary>A generator, its EMA and a discriminator with two Adams, as a training run holds them.</summary>
    private sealed class Run : IDisposable
    {
        public readonly TinyModule G, GEma, D;
        public readonly Adam OptG, OptD;

        public Run(float offset)
        {
            G = new TinyModule(new[] { 1f + offset, 2, 3, 4 }, new[] { 0.5f }, new[] { 9f, 8f });
            GEma = new TinyModule(new[] { 1f, 2, 3 + offset, 4 }, new[] { 0.25f }, new[] { 7f, 6f });
            D = new TinyModule(new[] { -1f, 0.5f + offset, 2, 1, 0, 3 }, new[] { 1f }, new[] { 0f, offset });
            OptG = new Adam(G.Parameters(), lr: 0.002, betas: (0, 0.9919919678228657));
            OptD = new Adam(D.Parameters(), lr: 0.0018823529411764706, betas: (0, 0.9905854573074332));
        }

        public Dictionary<string, Module> Modules => new() { ["generator"] = G, ["generator_ema"] = GEma, ["img_discriminator"] = D };
        public Dictionary<string, Adam> Optimizers => new() { ["generator"] = OptG, ["img_discriminator"] = OptD };

        /// <summary>One update of both optimisers on a loss with random targets (so it consumes the RNG).</summary>
        public void Step()
        {
            using var scope = TensorScope.Enter();
            foreach (var (module, opt) in new[] { ((Module)G, OptG), (D, OptD) })
            {
                Tensor loss = Tensor.Zeros(1);
                foreach (var p in module.Parameters()) loss = loss + (p - Tensor.RandLike(p)).Square().Sum() * (1 + p.NumEl);
                loss.Backward();
                opt.Step();
                opt.ZeroGrad();
            }
            Ema.Update(GEma, G, 0.9);
        }

        public float[] Flat() => new[] { G, GEma, D }.SelectMany(m => m.StateDict().Values.SelectMany(t => t.ToArray<float>())).ToArray();

        public void Dispose()
        {
            OptG.Dispose();
            OptD.Dispose();
            G.Dispose();
            GEma.Dispose();
            D.Dispose();
        }
    }

    [Fact]
    public void RoundTripRestoresModulesOptimisersCountersConfigAndRandomStream()
    {
        var path = Path.Combine(_dir, "training.safetensors");
        TorchRandom.ManualSeed(5);
        using var original = new Run(0);
        original.Step();
        original.Step();
        var progress = new TrainingProgress(2, 64, 1234);
        const string config = "{\"training\":{\"batch_size\":32}}";
        TrainingCheckpoint.Save(path, original.Modules, original.Optimizers, progress, config);
        // The original continues for three more updates.
        for (var i = 0; i < 3; i++) original.Step();
        var expected = original.Flat();
        var expectedStep = original.OptG.StateOf(original.G.Weight)!.Step;

        // A fresh run with other values and no optimiser state, after unrelated draws, resumes and continues.
        TorchRandom.ManualSeed(123);
        using var resumed = new Run(10);
        resumed.Step();
        var contents = TrainingCheckpoint.Load(path, resumed.Modules, resumed.Optimizers);
        Assert.Equal(progress, contents.Progress);
        Assert.Equal(config, contents.ConfigJson);
        Assert.Equal(2, resumed.OptG.StateOf(resumed.G.Weight)!.Step);
        Assert.Equal(0.9905854573074332, resumed.OptD.ParamGroups[0].Betas.Beta2);
        for (var i = 0; i < 3; i++) resumed.Step();

        Assert.Equal(expectedStep, resumed.OptG.StateOf(resumed.G.Weight)!.Step);
        Assert.Equal(expected, resumed.Flat()); // bit-exact: same weights, moments, buffers and random draws
    }

    [Fact]
    public void MomentsAndHyperParametersAreRestoredExactly()
    {
        var path = Path.Combine(_dir, "moments.safetensors");
        TorchRandom.ManualSeed(8);
        using var a = new Run(0);
        a.Step();
        a.OptD.ParamGroups[0].LearningRate = 0.5;
        TrainingCheckpoint.Save(path, a.Modules, a.Optimizers, new TrainingProgress(1, 32, 0), "{}");
        using var b = new Run(3);
        TrainingCheckpoint.Load(path, b.Modules, b.Optimizers, restoreRng: false);
        Assert.Equal(0.5, b.OptD.ParamGroups[0].LearningRate);
        var sa = a.OptD.StateOf(a.D.Bias)!;
        var sb = b.OptD.StateOf(b.D.Bias)!;
        Assert.Equal(sa.ExpAvg.ToArray<float>(), sb.ExpAvg.ToArray<float>());
        Assert.Equal(sa.ExpAvgSq.ToArray<float>(), sb.ExpAvgSq.ToArray<float>());
        Assert.NotEqual(0f, sb.ExpAvgSq.ToArray<float>()[0]);
    }

    [Fact]
    public void AModuleThatDoesNotFitIsRejectedAndNothingChanges()
    {
        var path = Path.Combine(_dir, "fit.safetensors");
        using var a = new Run(0);
        TrainingCheckpoint.Save(path, a.Modules, a.Optimizers, new TrainingProgress(0, 0, 0), "{}");
        using var b = new Run(1);
        using var other = new TinyModule(new[] { 1f, 2 }, new[] { 0f }, new[] { 0f, 0f });
        var modules = b.Modules;
        modules["img_discriminator"] = other;
        var before = b.Flat();
        var e = Assert.Throws<Pv3dException>(() => TrainingCheckpoint.Load(path, modules, b.Optimizers));
        Assert.Contains("img_discriminator", e.Message);
        Assert.Contains(path, e.Message);
        Assert.Equal(before, b.Flat());

        modules.Remove("generator_ema");
        modules["img_discriminator"] = b.D;
        Assert.Throws<Pv3dException>(() => TrainingCheckpoint.Load(path, modules, b.Optimizers));
    }

    /// <summary>
    /// Simulates a writer killed mid-save (not a real kill -9): the torn bytes of a newer checkpoint lie
    /// in a hidden temporary beside the target, exactly where the atomic writer puts them. The previous
    /// checkpoint still loads, and the stale temporary is cleaned up. A torn file under the real name
    /// (which the rename never produces) is reported, not half-loaded.
    /// </summary>
    [Fact]
    public void AnInterruptedSaveLeavesThePreviousCheckpointLoadable()
    {
        var path = Path.Combine(_dir, "latest.safetensors");
        using var a = new Run(0);
        TrainingCheckpoint.Save(path, a.Modules, a.Optimizers, new TrainingProgress(7, 224, 10), "{\"old\":1}");

        var newer = Path.Combine(_dir, "newer.safetensors");
        using var b = new Run(2);
        TrainingCheckpoint.Save(newer, b.Modules, b.Optimizers, new TrainingProgress(8, 256, 20), "{\"new\":1}");
        var bytes = File.ReadAllBytes(newer);
        File.WriteAllBytes(Path.Combine(_dir, ".latest.safetensors.0123456789abcdef.tmp"), bytes[..(bytes.Length / 2)]);

        using var c = new Run(5);
        var contents = TrainingCheckpoint.Load(path, c.Modules, c.Optimizers, restoreRng: false);
        Assert.Equal(new TrainingProgress(7, 224, 10), contents.Progress);
        Assert.Equal(a.Flat(), c.Flat());

        Assert.Equal(1, TrainingCheckpoint.DeleteStaleTemporaries(path));
        Assert.Empty(Directory.EnumerateFiles(_dir, "*.tmp"));
        Assert.True(File.Exists(path));

        var torn = Path.Combine(_dir, "torn.safetensors");
        File.WriteAllBytes(torn, bytes[..(bytes.Length - 100)]);
        Assert.Throws<Pv3dException>(() => TrainingCheckpoint.Load(torn, c.Modules, c.Optimizers, restoreRng: false));
        Assert.Equal(a.Flat(), c.Flat());
    }

    [Fact]
    public void SavingReplacesTheFileAndLeavesNoTemporaries()
    {
        var path = Path.Combine(_dir, "replace.safetensors");
        using var a = new Run(0);
        TrainingCheckpoint.Save(path, a.Modules, a.Optimizers, new TrainingProgress(1, 1, 1), "{}");
        TrainingCheckpoint.Save(path, a.Modules, a.Optimizers, new TrainingProgress(2, 2, 2), "{}");
        Assert.Single(Directory.EnumerateFiles(_dir));
        using var b = new Run(1);
        Assert.Equal(new TrainingProgress(2, 2, 2), TrainingCheckpoint.Load(path, b.Modules, b.Optimizers, restoreRng: false).Progress);
    }

    /// <summary>
    /// A real concurrent check (a reader in this process, not a killed writer): while one thread keeps
    /// rewriting the checkpoint, another keeps loading it, and every load sees one whole save (weights
    /// and counters from the same save), never a mix or a torn file.
    /// </summary>
    [Fact]
    public void ConcurrentReadersSeeWholeCheckpointsOnly()
    {
        var path = Path.Combine(_dir, "busy.safetensors");
        using var writer = new Run(0);
        var rng = new byte[] { 1 };
        void SaveNumbered(int i)
        {
            using var scope = TensorScope.Enter();
            using (Pv3d.Torch.Autograd.NoGrad()) writer.G.Weight.FillInPlace(i);
            TrainingCheckpoint.Save(path, writer.Modules, writer.Optimizers, new TrainingProgress(i, 32L * i, 0), "{}", rngState: rng);
        }
        SaveNumbered(0);
        const int wantedLoads = 20;
        var loads = 0;
        // The writer keeps saving until the reader has loaded enough times, so the two always overlap.
        var writing = Task.Run(() =>
        {
            for (var i = 1; Volatile.Read(ref loads) < wantedLoads; i++) SaveNumbered(i);
        });
        using var reader = new Run(1);
        while (loads < wantedLoads)
        {
            using var scope = TensorScope.Enter();
            var contents = TrainingCheckpoint.Load(path, reader.Modules, reader.Optimizers, restoreRng: false);
            var n = contents.Progress.NumUpdates;
            Assert.Equal(32L * n, contents.Progress.NumSamples);
            Assert.All(reader.G.Weight.ToArray<float>(), w => Assert.Equal(n, w));
            Interlocked.Increment(ref loads);
        }
        writing.GetAwaiter().GetResult();
        Assert.Empty(Directory.EnumerateFiles(_dir, "*.tmp", new EnumerationOptions { AttributesToSkip = 0 }));
    }
}
