using System.Text.Json.Nodes;
using Pv3d.Data.Synthetic;
using Pv3d.Torch;
using Pv3d.Torch.IO;
using Pv3d.Training;
using Pv3d.Training.Loop;

namespace Pv3d.Tests.Training;

/// <summary>
/// Issue 12, items 1, 2, 5, 6 and the run-folder parts of 8 and 15: a run folder is never lost or mixed (a run is
/// refused without resume or overwrite, an exclusive lock names its holder, a non-finite loss stops the run keeping
/// the last good checkpoint, a full disk on the log leaves whole lines), and nothing is touched before the inputs
/// are checked.
/// </summary>
[Collection(GlobalRandomCollection.Name)]
public sealed class RunFolderTests : IDisposable
{
    private readonly string _root = Directory.CreateTempSubdirectory("pv3d-runfolder-").FullName;

    public RunFolderTests()
    {
        SyntheticDatasetWriter.Write(new SyntheticDatasetOptions { OutputDir = DataDir, Count = 4, Frames = 4, Resolution = 32, Seed = 5 });
    }

    public void Dispose() => Directory.Delete(_root, recursive: true);

    private string DataDir => Path.Combine(_root, "data");

    private static TrainingSetup Setup(double lr = 0)
    {
        var tiny = TrainingPresets.Tiny();
        var training = tiny.Training with { Schedule = tiny.Training.Schedule with { BatchSize = 2 } };
        if (lr > 0) training = training with { GeneratorOptimizer = training.GeneratorOptimizer with { Lr = lr } };
        return tiny with { Training = training };
    }

    private TrainerOptions Options(string run, long total) => new()
    {
        DataDir = DataDir,
        RunDir = Path.Combine(_root, run),
        Setup = Setup(),
        TotalUpdates = total,
        Seed = 3,
        CheckpointEvery = 1,
        SampleEvery = 0,
    };

    private static string LogPath(string run) => Path.Combine(run, TrainingLog.FileName);

    [Fact]
    public void AFolderHoldingARunIsRefusedWithoutResumeAndOverwriteMovesItAside()
    {
        var options = Options("run", 1);
        new Trainer(options).Run();
        var log = File.ReadAllBytes(LogPath(options.RunDir));
        var checkpoint = Trainer.CheckpointPath(options.RunDir, 1);

        // Forgotten --resume: refused, naming both ways out; nothing changes.
        var e = Assert.Throws<Pv3dException>(() => new Trainer(options with { TotalUpdates = 2 }).Run());
        Assert.Contains(nameof(TrainerOptions.Resume), e.Message);
        Assert.Contains(nameof(TrainerOptions.Overwrite), e.Message);
        Assert.Equal(2, Pv3d.Cli.Program.Main(["train", "--data", DataDir, "--out", options.RunDir, "--steps", "2", "--sample-every", "0"]));
        Assert.Equal(log, File.ReadAllBytes(LogPath(options.RunDir)));
        Assert.Equal(checkpoint, Trainer.LatestCheckpoint(options.RunDir));

        // A new run on bad data into the same folder fails before touching it (the old log stays whole).
        var bad = Path.Combine(_root, "empty-data");
        Directory.CreateDirectory(bad);
        Assert.Throws<Pv3dException>(() => new Trainer(options with { DataDir = bad, Overwrite = true }).Run());
        Assert.Equal(log, File.ReadAllBytes(LogPath(options.RunDir)));

        // The old run can still be continued.
        Assert.Equal(2, new Trainer(options with { TotalUpdates = 2, Resume = true }).Run().NumUpdates);

        // --overwrite starts afresh and moves the old run aside instead of mixing checkpoints.
        var fresh = new Trainer(options with { TotalUpdates = 1, Overwrite = true, KeepCheckpoints = 1 }).Run();
        Assert.Equal(1, fresh.NumUpdates);
        Assert.Equal(checkpoint, Trainer.LatestCheckpoint(options.RunDir));
        Assert.Single(File.ReadAllLines(LogPath(options.RunDir)));
        var aside = Directory.GetDirectories(options.RunDir, "previous-*");
        Assert.Single(aside);
        Assert.Equal(2, File.ReadAllLines(Path.Combine(aside[0], TrainingLog.FileName)).Length);
        Assert.True(File.Exists(Path.Combine(aside[0], Trainer.CheckpointFolder, Path.GetFileName(Trainer.CheckpointPath(options.RunDir, 2)))));

        Assert.Throws<Pv3dException>(() => new Trainer(options with { Resume = true, Overwrite = true }));
    }

    [Fact]
    public void ASecondTrainerOnTheSameFolderIsRefusedNamingTheHolder()
    {
        var options = Options("locked", 1);
        Directory.CreateDirectory(options.RunDir);
        using (RunFolderLock.Acquire(options.RunDir))
        {
            var e = Assert.Throws<Pv3dException>(() => new Trainer(options).Run());
            Assert.Contains($"PID {Environment.ProcessId}", e.Message);
            Assert.False(File.Exists(LogPath(options.RunDir)));
            // Also a second lock in the same process (a separate open file) is refused.
            Assert.Throws<Pv3dException>(() => RunFolderLock.Acquire(options.RunDir));
        }
        // Released on dispose; a lock file left by a crashed process (no lock held) is stale and ignored.
        File.WriteAllText(Path.Combine(options.RunDir, RunFolderLock.FileName), "999999\n");
        Assert.Equal(1, new Trainer(options).Run().NumUpdates);
    }

    [Fact]
    public void RunFolderThatIsAFileOrUnderAFileIsAUserErrorAndNothingIsCreatedForBadData()
    {
        var file = Path.Combine(_root, "plain");
        File.WriteAllText(file, "x");
        Assert.Contains("not a folder", Assert.Throws<Pv3dException>(() => new Trainer(Options("plain", 1)).Run()).Message);
        Assert.Contains("not a folder", Assert.Throws<Pv3dException>(() => new Trainer(Options("plain/run", 1)).Run()).Message);
        Assert.Equal(2, Pv3d.Cli.Program.Main(["train", "--data", DataDir, "--out", file, "--steps", "1"]));
        Assert.Equal(2, Pv3d.Cli.Program.Main(["train", "--data", DataDir, "--out", Path.Combine(file, "run"), "--steps", "1"]));
        Assert.Equal(2, Pv3d.Cli.Program.Main(["train", "--data", DataDir, "--out", Path.Combine(_root, "nan"), "--minutes", "NaN"]));

        // Bad data: no run folder, no checkpoints/, no empty log left behind.
        var bad = Path.Combine(_root, "empty-data");
        Directory.CreateDirectory(bad);
        var run = Path.Combine(_root, "never");
        Assert.Throws<Pv3dException>(() => new Trainer(Options("never", 1) with { DataDir = bad }).Run());
        Assert.False(Directory.Exists(run));
    }

    [Fact]
    public void ANonFiniteLossIsLoggedAndStopsTheRunKeepingTheLastGoodCheckpoint()
    {
        var options = Options("nan", 4) with { Setup = Setup(lr: 1e30) };
        var e = Assert.Throws<Pv3dException>(() => new Trainer(options).Run());
        Assert.Contains("not finite", e.Message);
        Assert.Contains("loss_", e.Message);
        var lines = File.ReadAllLines(LogPath(options.RunDir)).Select(l => JsonNode.Parse(l)!.AsObject()).ToList();
        var last = lines[^1];
        var update = (long)last["update"]!;
        Assert.Contains($"update {update}", e.Message);
        // Non-finite values are logged as the strings "NaN", "Infinity" or "-Infinity".
        Assert.Contains(last, kv => kv.Value is JsonValue v && v.TryGetValue<string>(out var s) && s is "NaN" or "Infinity" or "-Infinity");
        // The last good checkpoint is the newest; the bad update saved nothing.
        Assert.Equal(update > 0 ? Trainer.CheckpointPath(options.RunDir, update) : null, Trainer.LatestCheckpoint(options.RunDir));
    }

    [Fact]
    public void StopOnNanSavesTheLastFiniteStateWhereTheDefaultSavesNothing()
    {
        // The discriminators' learning rate is absurd and R1 never runs: update 0 ends finite (its D loss is computed
        // before the D step) with D's weights blown up, and update 1 is the first non-finite one.
        var setup = Setup();
        var d = setup.Training.ImgDiscriminatorOptimizer with { Lr = 1e30 };
        setup = setup with { Training = setup.Training with { ImgDiscriminatorOptimizer = d, VidDiscriminatorOptimizer = d, DiscRegInterval = 0 } };
        // Today's behaviour, with no periodic checkpoint: the run stops and nothing is saved.
        var plain = Options("nan-plain", 4) with { Setup = setup, CheckpointEvery = 0 };
        var e = Assert.Throws<Pv3dException>(() => new Trainer(plain).Run());
        Assert.Contains("no checkpoint was saved before it", e.Message);
        Assert.Null(Trainer.LatestCheckpoint(plain.RunDir));

        // --stop-on-nan: the state before the bad update is saved as checkpoint u, and said so.
        var stop = plain with { RunDir = Path.Combine(_root, "nan-stop"), StopOnNan = true };
        e = Assert.Throws<Pv3dException>(() => new Trainer(stop).Run());
        var lines = File.ReadAllLines(LogPath(stop.RunDir));
        var u = (long)JsonNode.Parse(lines[^1])!["update"]!;
        Assert.True(u >= 1, $"the first update was already non-finite: {e.Message}");
        var saved = Trainer.CheckpointPath(stop.RunDir, u);
        Assert.Equal(saved, Trainer.LatestCheckpoint(stop.RunDir));
        Assert.Contains($"update {u}", e.Message);
        Assert.Contains($"the last finite one, is saved as {saved}", e.Message);

        // It is exactly the state of a run stopped after u updates (weights, Adam moments, counters, log position).
        var clean = stop with { RunDir = Path.Combine(_root, "nan-clean"), StopOnNan = false, TotalUpdates = u };
        new Trainer(clean).Run();
        using var scope = TensorScope.Enter();
        var (a, metaA) = SafeTensors.Load(saved);
        var (b, metaB) = SafeTensors.Load(Trainer.CheckpointPath(clean.RunDir, u));
        var progressA = JsonNode.Parse(metaA["progress"])!;
        var progressB = JsonNode.Parse(metaB["progress"])!;
        Assert.Equal((long)progressB["num_updates"]!, (long)progressA["num_updates"]!);
        Assert.Equal((long)progressB["num_samples"]!, (long)progressA["num_samples"]!);
        // The log position is the end of the last good line: --resume cuts the bad one.
        Assert.Equal(lines[..^1].Sum(l => System.Text.Encoding.UTF8.GetByteCount(l) + 1), (long)progressA["log_position"]!);
        Assert.Equal(b.Keys.Order(StringComparer.Ordinal), a.Keys.Order(StringComparer.Ordinal));
        foreach (var (key, t) in b)
        {
            if (key == "rng.cpu") continue; // the generator is re-seeded every update
            Assert.True(t.Equal(a[key]), $"{key} differs from the clean run's");
            if (t.DType is DType.Float32 or DType.Float64) Assert.True(t.IsFinite().All().Item() != 0, $"{key} is not finite");
        }
        Assert.Equal(u, File.ReadAllLines(LogPath(clean.RunDir)).Length);
    }

    [Fact]
    public void ALogWriteFailingForLackOfSpaceLeavesWholeLinesAndAUserError()
    {
        using var stream = new FullDiskStream(capacity: 300);
        using var log = new TrainingLog(stream, "run/log.jsonl");
        var step = new StepResult(0, 2, 0, 0.5, 32, 0.9, 0.7, null, 1.3, null);
        var memory = new MemoryUse(1, 1, 1);
        var written = 0;
        var e = Assert.Throws<Pv3dException>(() =>
        {
            for (var i = 0; i < 10; i++)
            {
                log.Write(step with { Update = i }, 1.5, memory);
                written++;
            }
        });
        Assert.Contains("run/log.jsonl", e.Message);
        Assert.Contains("space", e.Message);
        Assert.True(written >= 1);
        var text = System.Text.Encoding.UTF8.GetString(stream.ToArray());
        Assert.EndsWith("\n", text);
        Assert.Equal(written, text.Split('\n', StringSplitOptions.RemoveEmptyEntries).Length);
        Assert.All(text.Split('\n', StringSplitOptions.RemoveEmptyEntries), l => JsonNode.Parse(l));
        Assert.Equal(text.Length, log.Position);
    }

    /// <summary>A memory stream that fails like a full disk once <c>capacity</c> bytes are written.</summary>
    private sealed class FullDiskStream(int capacity) : MemoryStream
    {
        public override void Write(ReadOnlySpan<byte> buffer) => Write(buffer.ToArray(), 0, buffer.Length);

        public override void Write(byte[] buffer, int offset, int count)
        {
            if (Length + count > capacity)
            {
                base.Write(buffer, offset, (int)Math.Max(0, capacity - Length)); // the part that fitted
                throw new IOException("No space left on device");
            }
            base.Write(buffer, offset, count);
        }
    }
}
