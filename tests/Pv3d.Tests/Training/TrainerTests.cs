using System.Text.Json.Nodes;
using Pv3d.Checkpoints;
using Pv3d.Data.Synthetic;
using Pv3d.Training;
using Pv3d.Training.Loop;

namespace Pv3d.Tests.Training;

/// <summary>
/// The training loop end to end on an 8-clip, 4-frame, 32² synthetic dataset with the tiny preset at batch 2 (blur
/// on, so the blur paths run too).
/// </summary>
[Collection(GlobalRandomCollection.Name)]
public sealed class TrainerTests : IDisposable
{
    private readonly string _root = Path.Combine(Path.GetTempPath(), "pv3d-trainer-" + Guid.NewGuid().ToString("N"));

    public TrainerTests()
    {
        SyntheticDatasetWriter.Write(new SyntheticDatasetOptions { OutputDir = DataDir, Count = 8, Frames = 4, Resolution = 32, Seed = 5 });
    }

    private string DataDir => Path.Combine(_root, "data");

    private static TrainingSetup Setup()
    {
        var tiny = TrainingPresets.Tiny();
        return tiny with { Training = tiny.Training with { Schedule = tiny.Training.Schedule with { BlurInitSigma = 0.5, BatchSize = 2 } } };
    }

    private TrainerOptions Options(string run, long total, bool resume = false) => new()
    {
        DataDir = DataDir,
        RunDir = Path.Combine(_root, run),
        Setup = Setup(),
        TotalUpdates = total,
        Seed = 11,
        CheckpointEvery = 2,
        Resume = resume,
    };

    private static List<JsonObject> ReadLog(string runDir) =>
        File.ReadAllLines(Path.Combine(runDir, TrainingLog.FileName)).Select(l => JsonNode.Parse(l)!.AsObject()).ToList();

    private static readonly string[] MeasuredKeys = { "seconds", "cpu_mem_gb", "malloc_gb", "managed_gb" };

    /// <summary>A log line without its wall-clock time and memory use: what must be identical between runs.</summary>
    private static string Deterministic(JsonObject line)
    {
        var copy = line.DeepClone().AsObject();
        foreach (var key in MeasuredKeys) Assert.True(copy.Remove(key), key);
        return copy.ToJsonString();
    }

    [Fact]
    public void ResumedRunRepeatsTheUninterruptedRunExactly()
    {
        var straight = Options("straight", 4);
        var final = new Trainer(straight).Run();
        Assert.Equal(4, final.NumUpdates);
        Assert.Equal(8, final.NumSamples);
        var log = ReadLog(straight.RunDir);
        Assert.Equal(4, log.Count);
        for (var u = 0; u < 4; u++)
        {
            Assert.Equal(u, (long)log[u]["update"]!);
            foreach (var key in new[] { "loss_Gmain", "loss_Dmain" })
                Assert.True(double.IsFinite((double)log[u][key]!), $"update {u} {key}");
        }
        // Update 0 runs both lazy regularisers; 1..3 run neither (intervals 4 and 16).
        Assert.True(double.IsFinite((double)log[0]["loss_Greg"]!) && (double)log[0]["loss_Greg"]! > 0);
        Assert.True(double.IsFinite((double)log[0]["loss_Dreg"]!) && (double)log[0]["loss_Dreg"]! > 0);
        Assert.All(log.Skip(1), l => Assert.Null(l["loss_Greg"]));
        Assert.All(log.Skip(1), l => Assert.Null(l["loss_Dreg"]));
        Assert.True((double)log[0]["blur_sigma"]! > (double)log[3]["blur_sigma"]!, "the blur fades");
        // Memory use is logged per update.
        Assert.All(log, l => Assert.True((double)l["cpu_mem_gb"]! > 0 && (double)l["malloc_gb"]! > 0 && (double)l["managed_gb"]! > 0, l.ToJsonString()));
        Assert.True(File.Exists(Trainer.CheckpointPath(straight.RunDir, 2)));
        Assert.Equal(Trainer.CheckpointPath(straight.RunDir, 4), Trainer.LatestCheckpoint(straight.RunDir));

        var split = Options("split", 2);
        new Trainer(split).Run();
        // A line written after the last checkpoint (a crash between saves) must be dropped on resume.
        File.AppendAllText(Path.Combine(split.RunDir, TrainingLog.FileName), "{\"update\":2,\"loss_Gmain\":123}\n");
        var resumed = new Trainer(split with { TotalUpdates = 4, Resume = true, KeepCheckpoints = 1 }).Run();
        Assert.Equal(4, resumed.NumUpdates);
        // --keep-checkpoints 1: the resumed-from checkpoint (update 2) goes once update 4's is saved.
        Assert.Equal(new[] { Trainer.CheckpointPath(split.RunDir, 4) },
            Directory.GetFiles(Path.Combine(split.RunDir, Trainer.CheckpointFolder)));
        var splitLog = ReadLog(split.RunDir);
        Assert.Equal(4, splitLog.Count);
        for (var u = 0; u < 4; u++) Assert.Equal(Deterministic(log[u]), Deterministic(splitLog[u]));
    }

    [Fact]
    public void DeletingOldCheckpointsKeepsTheNewestByUpdateCount()
    {
        var run = Path.Combine(_root, "prune");
        Directory.CreateDirectory(Path.Combine(run, Trainer.CheckpointFolder));
        foreach (var u in new long[] { 10, 9, 200, 1000, 99 }) File.WriteAllText(Trainer.CheckpointPath(run, u), "x");
        var other = Path.Combine(run, Trainer.CheckpointFolder, "notes.txt");
        File.WriteAllText(other, "kept");
        Trainer.DeleteOldCheckpoints(run, 2);
        var left = Directory.GetFiles(Path.Combine(run, Trainer.CheckpointFolder)).Order(StringComparer.Ordinal).ToArray();
        Assert.Equal(new[] { Trainer.CheckpointPath(run, 200), Trainer.CheckpointPath(run, 1000), other }.Order(StringComparer.Ordinal), left);
        Assert.Throws<ArgumentOutOfRangeException>(() => Trainer.DeleteOldCheckpoints(run, 0));
    }

    [Fact]
    public void DifferentSeedsGiveDifferentRuns()
    {
        var a = Options("a", 1);
        var b = Options("b", 1) with { Seed = 12 };
        new Trainer(a).Run();
        new Trainer(b).Run();
        Assert.NotEqual((double)ReadLog(a.RunDir)[0]["loss_Gmain"]!, (double)ReadLog(b.RunDir)[0]["loss_Gmain"]!);
    }

    [Fact]
    public void StillVideoTermAddsToDmainOnly()
    {
        var with = Options("still-on", 1);
        var without = with with
        {
            RunDir = Path.Combine(_root, "still-off"),
            Setup = with.Setup with { Training = with.Setup.Training with { Loss = with.Setup.Training.Loss with { VidStill = 0 } } },
        };
        Assert.Equal(1, with.Setup.Training.Loss.VidStill); // the tiny preset turns it on
        new Trainer(with).Run();
        new Trainer(without).Run();
        var on = ReadLog(with.RunDir)[0];
        var off = ReadLog(without.RunDir)[0];
        // Gmain and Greg run before Dmain, on the same draws; the still term is a softplus, so it only adds.
        Assert.Equal((double)off["loss_Gmain"]!, (double)on["loss_Gmain"]!);
        Assert.Equal((double)off["loss_Greg"]!, (double)on["loss_Greg"]!);
        Assert.True((double)on["loss_Dmain"]! > (double)off["loss_Dmain"]!, $"{on["loss_Dmain"]} vs {off["loss_Dmain"]}");
    }

    [Fact]
    public void InitLoadsTheGeneratorFromACheckpoint()
    {
        var checkpoint = Path.Combine(_root, "g.safetensors");
        Pv3d.Checkpoints.GeneratorInitializer.Create(checkpoint, Setup().Model, seed: 99);
        var notices = new List<string>();
        var plain = Options("plain", 1);
        var init = Options("init", 1) with { InitCheckpoint = checkpoint };
        new Trainer(plain).Run();
        new Trainer(init) { Notice = notices.Add }.Run();
        Assert.Contains(notices, n => n.StartsWith("initialised the generator from") && n.Contains(checkpoint));
        Assert.Contains(notices, n => n.Contains("holds no discriminator weights"));
        // Same seed, same data and draws: only the starting generator differs.
        Assert.NotEqual((double)ReadLog(plain.RunDir)[0]["loss_Gmain"]!, (double)ReadLog(init.RunDir)[0]["loss_Gmain"]!);
        Assert.Equal((double)ReadLog(plain.RunDir)[0]["blur_sigma"]!, (double)ReadLog(init.RunDir)[0]["blur_sigma"]!);
    }

    [Fact]
    public void InitFromCorruptDiscriminatorWeightsIsAnErrorNotASilentFreshStart()
    {
        var checkpoint = Path.Combine(_root, "g.safetensors");
        GeneratorInitializer.Create(checkpoint, Setup().Model, seed: 99);
        var corrupt = Path.Combine(_root, "corrupt.safetensors");
        using (Pv3d.Torch.TensorScope.Enter())
        {
            var (tensors, metadata) = Pv3d.Torch.IO.SafeTensors.Load(checkpoint);
            tensors["img_discriminator.b4.out.weight"] = Pv3d.Torch.Tensor.Zeros(1, 1); // a lone, misshapen image-D entry
            Pv3d.Torch.IO.SafeTensors.Save(corrupt, tensors, metadata);
        }

        var e = Assert.Throws<Pv3dException>(() => new Trainer(Options("corrupt", 1) with { InitCheckpoint = corrupt }).Run());
        Assert.Contains(corrupt, e.Message);
        Assert.Contains("img_discriminator", e.Message);
    }

    [Fact]
    public void TrainingCheckpointIsReadableAsGeneratorAndDiscriminatorCheckpoint()
    {
        var run = Options("export", 1);
        new Trainer(run).Run();
        var path = Trainer.CheckpointPath(run.RunDir, 1);
        using var networks = new TrainingNetworks(Setup());
        TrainingCheckpoint.Load(path, networks.Modules, networks.Optimizers, restoreRng: false);

        using (var ema = Pv3d.Checkpoints.CheckpointLoader.LoadGenerator(path))
        {
            Assert.Equal(Setup().Model, ema.Config);
            AssertSameWeights(networks.GeneratorEma, ema.Generator);
        }
        using (var trained = Pv3d.Checkpoints.CheckpointLoader.LoadGenerator(path, Pv3d.Checkpoints.GeneratorNetworks.Trained))
            AssertSameWeights(networks.Generator, trained.Generator);
        using (var d = Pv3d.Checkpoints.DiscriminatorLoader.Load(path))
        {
            Assert.Equal(Setup().Discriminators, d.Config);
            AssertSameWeights(networks.ImageDiscriminator, d.Image!);
            AssertSameWeights(networks.VideoDiscriminator, d.Video!);
        }

        // Fine-tuning from it brings the discriminators along.
        var notices = new List<string>();
        new Trainer(Options("from-run", 1) with { InitCheckpoint = path }) { Notice = notices.Add }.Run();
        Assert.Contains(notices, n => n.StartsWith("initialised the generator and both discriminators from"));

        // A run with a wider video discriminator keeps the image one and starts the video one fresh.
        var wide = Options("wide-vid", 1) with { InitCheckpoint = path };
        wide = wide with
        {
            Setup = wide.Setup with { Discriminators = wide.Setup.Discriminators with { Video = wide.Setup.Discriminators.Video with { ChannelMax = 2 * wide.Setup.Discriminators.Video.ChannelMax } } },
        };
        notices.Clear();
        new Trainer(wide) { Notice = notices.Add }.Run();
        Assert.Contains(notices, n => n == $"the video discriminator of {path} has other shapes than this run's; it starts fresh");
        Assert.Contains(notices, n => n.StartsWith("initialised the generator and the image discriminator from"));
        using var wideNets = new TrainingNetworks(wide.Setup);
        TrainingCheckpoint.Load(Trainer.CheckpointPath(wide.RunDir, 1), wideNets.Modules, wideNets.Optimizers, restoreRng: false);
        static long Elements(Pv3d.Torch.Modules.Module m) => m.StateDict().Values.Sum(t => t.Shape.Aggregate(1L, (x, y) => x * y));
        Assert.True(Elements(wideNets.VideoDiscriminator) > Elements(networks.VideoDiscriminator));
    }

    private static void AssertSameWeights(Pv3d.Torch.Modules.Module expected, Pv3d.Torch.Modules.Module actual)
    {
        var a = expected.StateDict();
        var b = actual.StateDict();
        Assert.Equal(a.Keys, b.Keys);
        foreach (var (key, t) in a)
            Assert.True(t.Equal(b[key]), $"{key} differs");
    }

    [Fact]
    public void ResumeWithoutCheckpointIsAUserError()
    {
        var e = Assert.Throws<Pv3dException>(() => new Trainer(Options("empty", 2, resume: true)).Run());
        Assert.Contains("no checkpoint", e.Message);
    }

    [Fact]
    public void ResumeWithAnotherGeneratorConfigIsAUserError()
    {
        var first = Options("changed", 1);
        new Trainer(first).Run();
        var setup = Setup();
        var other = setup with { Model = setup.Model with { Generator = setup.Model.Generator with { RenderingKwargs = setup.Model.Generator.RenderingKwargs with { RayEnd = 3.2 } } } };
        var e = Assert.Throws<Pv3dException>(() => new Trainer(first with { Setup = other, TotalUpdates = 2, Resume = true }).Run());
        Assert.Contains("another generator config", e.Message);
    }

    [Fact]
    public void CliRejectsBadOptions()
    {
        var run = Path.Combine(_root, "cli");
        Assert.Equal(2, Pv3d.Cli.Program.Main(["train", "--data", DataDir, "--out", run]));
        Assert.Equal(2, Pv3d.Cli.Program.Main(["train", "--data", DataDir, "--out", run, "--steps", "1", "--preset", "huge"]));
        Assert.Equal(2, Pv3d.Cli.Program.Main(["train", "--data", DataDir + "-missing", "--out", run, "--steps", "1"]));
        Assert.Equal(2, Pv3d.Cli.Program.Main(["train", "--data", DataDir, "--out", run, "--steps", "0"]));
        Assert.Equal(2, Pv3d.Cli.Program.Main(["train", "--data", DataDir, "--out", run, "--steps", "1", "--kimg", "1"]));
        Assert.Equal(2, Pv3d.Cli.Program.Main(["train", "--data", DataDir, "--out", run, "--steps", "1", "--resume", "--init", "x.pt"]));
        Assert.Equal(2, Pv3d.Cli.Program.Main(["train", "--data", DataDir, "--out", run, "--minutes", "-1"]));
        Assert.False(File.Exists(Path.Combine(run, TrainingLog.FileName)));
    }

    [Fact]
    public void CliTrainsAndSavesACheckpoint()
    {
        var run = Path.Combine(_root, "cli-ok");
        Assert.Equal(0, Pv3d.Cli.Program.Main(["train", "--data", DataDir, "--out", run, "--steps", "1", "--seed", "3", "--sample-every", "1"]));
        Assert.Single(ReadLog(run));
        Assert.Equal(Trainer.CheckpointPath(run, 1), Trainer.LatestCheckpoint(run));
        // 4 identities x (2 views x 3 times) cells of 64² (the tiny preset's frames), 2-pixel padding; PNG IHDR:
        // width, height big-endian at 16.
        var png = File.ReadAllBytes(SampleGrid.PathFor(run, 1));
        Assert.Equal(6 * 64 + 7 * 2, System.Buffers.Binary.BinaryPrimitives.ReadInt32BigEndian(png.AsSpan(16)));
        Assert.Equal(4 * 64 + 5 * 2, System.Buffers.Binary.BinaryPrimitives.ReadInt32BigEndian(png.AsSpan(20)));
    }

    [Fact]
    public void CliStopsAtTheTimeBudgetAndSaves()
    {
        var run = Path.Combine(_root, "cli-minutes");
        // 6 seconds: a few updates at most (each takes seconds here); the update in progress finishes, then the run
        // saves a checkpoint of exactly what the log holds and stops.
        var watch = System.Diagnostics.Stopwatch.StartNew();
        Assert.Equal(0, Pv3d.Cli.Program.Main(["train", "--data", DataDir, "--out", run, "--minutes", "0.1", "--sample-every", "0"]));
        Assert.True(watch.Elapsed.TotalSeconds < 60, $"took {watch.Elapsed.TotalSeconds:F0} s");
        var updates = ReadLog(run).Count;
        Assert.InRange(updates, 1, 20);
        Assert.Equal(Trainer.CheckpointPath(run, updates), Trainer.LatestCheckpoint(run));
        Assert.Equal(2, Pv3d.Cli.Program.Main(["train", "--data", DataDir, "--out", run + "-bad", "--minutes", "0"]));
    }

    [Fact]
    public void InterruptDeliveredTwiceToTheProcessGroupStillSaves()
    {
        // As with Ctrl-C in a terminal or `timeout -s INT`, the signal goes to the whole process group (ffmpeg
        // included), and `timeout` sends it twice; the run must finish its update, save, and exit 0.
        var run = Path.Combine(_root, "cli-sigint");
        var cli = Path.Combine(AppContext.BaseDirectory, "Pv3d.Cli.dll");
        var start = new System.Diagnostics.ProcessStartInfo("setsid")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        // A process started from a background job inherits an ignored SIGINT (and .NET keeps it ignored); reset it to
        // the default before exec'ing the CLI, as an interactive shell would.
        const string restoreSigint = "import os, signal, sys; signal.signal(signal.SIGINT, signal.SIG_DFL); os.execvp(sys.argv[1], sys.argv[1:])";
        foreach (var arg in new[] { "/usr/bin/python3", "-c", restoreSigint, "dotnet", cli, "train", "--data", DataDir, "--out", run, "--steps", "1000", "--sample-every", "0", "--threads", "1" })
            start.ArgumentList.Add(arg);
        using var process = System.Diagnostics.Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        var log = Path.Combine(run, TrainingLog.FileName);
        var deadline = DateTime.UtcNow.AddMinutes(3);
        while (!(File.Exists(log) && File.ReadAllLines(log).Length >= 1) && !process.HasExited && DateTime.UtcNow < deadline) Thread.Sleep(100);
        if (process.HasExited) Assert.Fail($"the run ended early: {stderr.Result}");
        for (var i = 0; i < 2; i++)
        {
            using var kill = System.Diagnostics.Process.Start("kill", ["-INT", "--", $"-{process.Id}"]);
            kill.WaitForExit();
            Assert.Equal(0, kill.ExitCode);
            Thread.Sleep(50);
        }
        Assert.True(process.WaitForExit(TimeSpan.FromMinutes(2)), "the run did not stop after the interrupt");
        if (process.ExitCode != 0) Assert.Fail($"exit {process.ExitCode}: {stderr.Result}");
        var updates = ReadLog(run).Count;
        Assert.Contains($"interrupted at update {updates}", stdout.Result);
        Assert.Equal(Trainer.CheckpointPath(run, updates), Trainer.LatestCheckpoint(run));
        // The saved checkpoint is named on a line of its own, whole, before the closing line.
        var lines = stdout.Result.Split('\n').Select(l => l.Trim()).ToList();
        var named = lines.IndexOf(Trainer.CheckpointPath(run, updates));
        Assert.True(named >= 0 && named < lines.FindIndex(l => l.StartsWith("interrupted at update")), stdout.Result);
    }

    public void Dispose()
    {
        if (Directory.Exists(_root)) Directory.Delete(_root, true);
    }
}
