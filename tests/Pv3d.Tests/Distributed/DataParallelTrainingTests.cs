using System.Diagnostics;
using System.Text.Json.Nodes;
using Pv3d.Data.Synthetic;
using Pv3d.Torch;
using Pv3d.Torch.IO;
using Pv3d.Training.Loop;
using Xunit.Abstractions;

namespace Pv3d.Tests.Distributed;

/// <summary>
/// Data-parallel `pv3d train` with real worker processes over Gloo on localhost, on an 8-clip, 4-frame, 32² synthetic
/// dataset with the tiny preset at batch 2 (one video per shard).
/// </summary>
[Collection(GlobalRandomCollection.Name)]
public sealed class DataParallelTrainingTests : IDisposable
{
    private readonly ITestOutputHelper _output;
    private readonly string _root = Directory.CreateTempSubdirectory("pv3d-ddp-").FullName;

    public DataParallelTrainingTests(ITestOutputHelper output)
    {
        _output = output;
        SyntheticDatasetWriter.Write(new SyntheticDatasetOptions { OutputDir = DataDir, Count = 8, Frames = 4, Resolution = 32, Seed = 5 });
        File.WriteAllText(ConfigPath, "training:\n  batch_size: 2\n");
    }

    private string DataDir => Path.Combine(_root, "data");
    private string ConfigPath => Path.Combine(_root, "batch2.yaml");

    private string[] TrainArgs(string run, long steps, long seed = 11) =>
        ["train", "--data", DataDir, "--out", run, "--config", ConfigPath, "--steps", steps.ToString(), "--seed", seed.ToString(),
            "--sample-every", "0", "--checkpoint-every", "1000"];

    [Fact]
    public void TwoProcessesMatchOneProcessWithTheSameTotalBatch()
    {
        const int steps = 2; // update 0 runs all four phases (Gmain, Greg, Dmain, Dreg with R1's double backward)
        var single = Path.Combine(_root, "single");
        var setup = TrainingPresets.Override(TrainingPresets.Tiny(), ConfigPath);
        // One process, the batch in two rounds: the same shards, seeds and averaging as two ranks of one round each.
        // One intra-op thread here and in each worker: libtorch's parallel reductions split work by thread count, and
        // the comparison is of the data-parallel arithmetic, not of thread partitions.
        var threads = TorchRuntime.NumThreads;
        TorchRuntime.NumThreads = 1;
        try
        {
            new Trainer(new TrainerOptions
            {
                DataDir = DataDir, RunDir = single, Setup = setup, TotalUpdates = steps, Seed = 11, CheckpointEvery = 1000, Rounds = 2,
            }).Run();
        }
        finally
        {
            TorchRuntime.NumThreads = threads;
        }

        var dual = Path.Combine(_root, "dual");
        var watch = Stopwatch.StartNew();
        var code = Pv3d.Cli.Program.Main([.. TrainArgs(dual, steps), "--nproc", "2", "--dist-timeout", "60", "--threads", "1"]);
        _output.WriteLine($"2 processes: {watch.Elapsed.TotalSeconds:F1} s");
        Assert.Equal(0, code);

        // Only rank 0 wrote: the run folder holds exactly what the single-process run's holds, one log line per update.
        Assert.Equal(Listing(single), Listing(dual));
        Assert.Equal(steps, File.ReadAllLines(Path.Combine(dual, TrainingLog.FileName)).Length);

        var (expected, _) = SafeTensors.Load(Trainer.CheckpointPath(single, steps));
        var (actual, _) = SafeTensors.Load(Trainer.CheckpointPath(dual, steps));
        var compared = 0;
        double worst = 0;
        foreach (var (key, e) in expected)
        {
            if (!key.StartsWith("module.", StringComparison.Ordinal) && !key.StartsWith("optimizer.", StringComparison.Ordinal)) continue;
            Assert.True(actual.TryGetValue(key, out var a), key);
            var reference = e.Double().Abs().Max().Item();
            var difference = (e.Double() - a!.Double()).Abs().Max().Item();
            var relative = difference / Math.Max(reference, 1e-12);
            worst = Math.Max(worst, relative);
            Assert.True(relative <= 1e-5, $"{key}: max |Δ| {difference:G3} vs max |x| {reference:G3}");
            compared++;
        }
        _output.WriteLine($"{compared} tensors, worst relative difference {worst:G3}");
        Assert.Contains(expected.Keys, k => k.StartsWith("module.generator_ema.", StringComparison.Ordinal));
        Assert.Contains(expected.Keys, k => k.StartsWith("module.vid_discriminator.", StringComparison.Ordinal));
        Assert.True(compared > 100, $"only {compared} tensors compared");

        // The logged losses are the global ones.
        var l1 = File.ReadAllLines(Path.Combine(single, TrainingLog.FileName)).Select(l => JsonNode.Parse(l)!).ToList();
        var l2 = File.ReadAllLines(Path.Combine(dual, TrainingLog.FileName)).Select(l => JsonNode.Parse(l)!).ToList();
        for (var u = 0; u < steps; u++)
            foreach (var key in new[] { "loss_Gmain", "loss_Dmain" })
                Assert.Equal(l1[u]![key]!.GetValue<double>(), l2[u]![key]!.GetValue<double>(), 1e-5 * Math.Abs(l1[u]![key]!.GetValue<double>()));
    }

    [Fact]
    public void AKilledWorkerStopsTheOtherWithinTheTimeoutNamingTheRank()
    {
        var run = Path.Combine(_root, "killed");
        var port = Pv3d.Distributed.WorkerLauncher.FreePort();
        using var rank0 = StartWorker(0, 2, port, TrainArgs(run, 1000), "20");
        using var rank1 = StartWorker(1, 2, port, TrainArgs(run, 1000), "20");
        var stderr0 = rank0.StandardError.ReadToEndAsync();
        _ = rank0.StandardOutput.ReadToEndAsync();
        _ = rank1.StandardOutput.ReadToEndAsync();
        _ = rank1.StandardError.ReadToEndAsync();
        var log = Path.Combine(run, TrainingLog.FileName);
        var deadline = DateTime.UtcNow.AddMinutes(3);
        while (!(File.Exists(log) && File.ReadAllLines(log).Length >= 1) && !rank0.HasExited && DateTime.UtcNow < deadline) Thread.Sleep(100);
        Assert.False(rank0.HasExited, $"rank 0 ended early: {(rank0.HasExited ? stderr0.Result : "")}");
        rank1.Kill();
        var watch = Stopwatch.StartNew();
        Assert.True(rank0.WaitForExit(TimeSpan.FromSeconds(90)), "rank 0 did not stop after rank 1 was killed");
        _output.WriteLine($"rank 0 stopped {watch.Elapsed.TotalSeconds:F1} s after the kill: {stderr0.Result}");
        Assert.NotEqual(0, rank0.ExitCode);
        Assert.Contains("rank 1 stopped", stderr0.Result);
    }

    [Fact]
    public void RanksWithDifferentSettingsRefuseToTrain()
    {
        var run = Path.Combine(_root, "mismatch");
        var port = Pv3d.Distributed.WorkerLauncher.FreePort();
        using var rank0 = StartWorker(0, 2, port, TrainArgs(run, 2, seed: 1), "30");
        using var rank1 = StartWorker(1, 2, port, TrainArgs(run, 2, seed: 2), "30");
        var errors = new[] { rank0, rank1 }.Select(p => p.StandardError.ReadToEndAsync()).ToArray();
        Assert.True(rank0.WaitForExit(TimeSpan.FromSeconds(90)) && rank1.WaitForExit(TimeSpan.FromSeconds(90)), "a rank did not stop");
        foreach (var (p, e) in new[] { (rank0, errors[0]), (rank1, errors[1]) })
        {
            Assert.Equal(2, p.ExitCode);
            Assert.Contains("differs between rank 0 and rank 1", e.Result);
        }
        Assert.False(File.Exists(Path.Combine(run, TrainingLog.FileName)));
    }

    private static Process StartWorker(int rank, int world, int port, string[] args, string timeoutSeconds)
    {
        var cli = Path.Combine(AppContext.BaseDirectory, "Pv3d.Cli.dll");
        var dotnet = Path.GetFileNameWithoutExtension(Environment.ProcessPath) == "dotnet" ? Environment.ProcessPath! : "dotnet";
        var info = new ProcessStartInfo(dotnet) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var a in new[] { cli }.Concat(args).Concat(["--dist-timeout", timeoutSeconds])) info.ArgumentList.Add(a);
        info.Environment["RANK"] = rank.ToString();
        info.Environment["LOCAL_RANK"] = rank.ToString();
        info.Environment["WORLD_SIZE"] = world.ToString();
        info.Environment["MASTER_ADDR"] = "127.0.0.1";
        info.Environment["MASTER_PORT"] = port.ToString();
        info.Environment["PV3D_THREADS"] = "1";
        return Process.Start(info)!;
    }

    private static List<string> Listing(string dir) =>
        Directory.EnumerateFileSystemEntries(dir, "*", SearchOption.AllDirectories).Select(p => Path.GetRelativePath(dir, p)).Order(StringComparer.Ordinal).ToList();

    public void Dispose()
    {
        if (Directory.Exists(_root)) Directory.Delete(_root, true);
    }
}
