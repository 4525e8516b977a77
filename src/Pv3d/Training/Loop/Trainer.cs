using System.Diagnostics;
using System.Globalization;
using Pv3d.Checkpoints;
using Pv3d.Data;
using Pv3d.Torch;
using Pv3d.Torch.Modules;

namespace Pv3d.Training.Loop;

/// <summary>
/// The training loop: opens the dataset and the run folder, builds (or resumes, or initialises) the networks
/// and runs <see cref="TrainingStep"/> until the requested number of updates, logging every update and
/// saving atomic checkpoints. Every random source of update u is derived from (seed, u) — the real batch
/// and flips, the generator cameras and libtorch's generator, reseeded before each update — so a resumed run
/// repeats exactly what an uninterrupted one would have done.
/// </summary>
public sealed class Trainer
{
    public const string CheckpointFolder = "checkpoints";
    private const ulong CameraStream = 0x43414D4552415300UL;
    private const ulong TorchStream = 0x544F524348000000UL;

    private readonly TrainerOptions _options;

    public Trainer(TrainerOptions options)
    {
        options.Validate();
        _options = options;
    }

    /// <summary>Called after each update with its result, its wall-clock seconds and the memory in use after it.</summary>
    public Action<StepResult, double, MemoryUse>? StepDone { get; init; }

    /// <summary>Called with each saved checkpoint's path.</summary>
    public Action<string>? CheckpointSaved { get; init; }

    /// <summary>Called with each written sample grid's path.</summary>
    public Action<string>? SampleSaved { get; init; }

    /// <summary>Receives one-line notices (resumed from, initialised from).</summary>
    public Action<string>? Notice { get; init; }

    public static string CheckpointPath(string runDir, long numUpdates) =>
        Path.Combine(runDir, CheckpointFolder, $"ckpt-{numUpdates.ToString("D8", CultureInfo.InvariantCulture)}.safetensors");

    /// <summary>The checkpoints of a run folder, oldest first (zero-padded update counts sort by name).</summary>
    private static IReadOnlyList<string> Checkpoints(string runDir)
    {
        var folder = Path.Combine(runDir, CheckpointFolder);
        if (!Directory.Exists(folder)) return [];
        return Directory.GetFiles(folder, "ckpt-*.safetensors").Order(StringComparer.Ordinal).ToList();
    }

    /// <summary>The newest checkpoint of a run folder (highest update count), or null.</summary>
    public static string? LatestCheckpoint(string runDir) => Checkpoints(runDir).LastOrDefault();

    /// <summary>Runs until the total update count is reached or <paramref name="cancel"/> fires (after finishing the update in progress); returns the final progress.</summary>
    public TrainingProgress Run(CancellationToken cancel = default)
    {
        var setup = _options.Setup;
        var runDir = _options.RunDir;
        Directory.CreateDirectory(Path.Combine(runDir, CheckpointFolder));
        var dataset = new VideoDataset(_options.DataDir, new VideoDatasetOptions { Resolution = setup.ImageResolution });
        var batches = new ShuffledBatches(dataset.Count, setup.BatchSize, _options.Seed);

        // Fresh weights are drawn from libtorch's generator: seed it so a run is a function of its seed.
        TorchRandom.ManualSeed((long)(DataRandom.ForStream(_options.Seed ^ TorchStream, ulong.MaxValue).NextUInt64() >> 1));
        using var networks = new TrainingNetworks(setup);
        var progress = new TrainingProgress(0, 0, 0);
        if (_options.Resume)
        {
            var latest = LatestCheckpoint(runDir) ?? throw Pv3dException.ForSettings(
                $"{runDir}: {nameof(TrainerOptions.Resume)} found no checkpoint in {CheckpointFolder}/", nameof(TrainerOptions.Resume));
            TrainingCheckpoint.DeleteStaleTemporaries(latest);
            var contents = TrainingCheckpoint.Load(latest, networks.Modules, networks.Optimizers);
            if (contents.ConfigJson != setup.Model.ToJson())
                throw Pv3dException.ForSettings(
                    $"{latest}: the checkpoint was trained with another generator config than this run's (give the same {nameof(TrainerOptions.Setup)} as the run had)",
                    nameof(TrainerOptions.Setup));
            progress = contents.Progress;
            Notice?.Invoke($"resumed from {latest} at update {progress.NumUpdates}");
        }
        else if (_options.InitCheckpoint is { } init)
        {
            Initialize(networks, init);
        }

        using var log = new TrainingLog(runDir, progress.LogPosition);
        using var samples = _options.SampleEvery > 0 ? new SampleGrid(dataset, _options.Seed) : null;
        var step = new TrainingStep(networks, setup);
        var lastSaved = _options.Resume ? progress.NumUpdates : -1;
        while (progress.NumUpdates < _options.TotalUpdates && !cancel.IsCancellationRequested)
        {
            var u = progress.NumUpdates;
            var watch = Stopwatch.StartNew();
            StepResult result;
            using (var scope = TensorScope.Enter())
            {
                using var real = FetchBatch(dataset, batches.Batch(u), DataRandom.ForStream(_options.Seed, (ulong)u).NextUInt64(), cancel);
                if (real is null) break;
                var cameras = dataset.GeneratorCameras(4 * setup.BatchSize, DataRandom.ForStream(_options.Seed ^ CameraStream, (ulong)u));
                TorchRandom.ManualSeed((long)(DataRandom.ForStream(_options.Seed ^ TorchStream, (ulong)u).NextUInt64() >> 1));
                result = step.Run(u, progress.NumSamples, real, cameras);
            }
            var seconds = watch.Elapsed.TotalSeconds;
            var memory = MemoryUse.Measure();
            log.Write(result, seconds, memory);
            progress = new TrainingProgress(u + 1, progress.NumSamples + setup.BatchSize, log.Position);
            StepDone?.Invoke(result, seconds, memory);
            if (samples is not null && progress.NumUpdates % _options.SampleEvery == 0)
                SampleSaved?.Invoke(samples.Write(networks.GeneratorEma, runDir, progress.NumUpdates));
            if (_options.CheckpointEvery > 0 && progress.NumUpdates % _options.CheckpointEvery == 0)
            {
                Save(networks, progress);
                lastSaved = progress.NumUpdates;
            }
        }
        if (lastSaved != progress.NumUpdates) Save(networks, progress);
        return progress;
    }

    /// <summary>
    /// The real batch, or null when reading failed because the run is being interrupted: a Ctrl-C reaches the whole
    /// process group, so the ffmpeg decoding a clip dies with it; that is no corrupt video, and the completed updates
    /// must still be saved.
    /// </summary>
    private static DatasetBatch? FetchBatch(VideoDataset dataset, IReadOnlyList<int> indices, ulong seed, CancellationToken cancel)
    {
        try
        {
            return dataset.GetBatch(indices, seed);
        }
        catch (Pv3dException) when (cancel.WaitHandle.WaitOne(InterruptGrace))
        {
            return null;
        }
    }

    /// <summary>How long a failed read waits for the interrupt that may have caused it to be signalled.</summary>
    private static readonly TimeSpan InterruptGrace = TimeSpan.FromSeconds(1);

    private void Save(TrainingNetworks networks, TrainingProgress progress)
    {
        var path = CheckpointPath(_options.RunDir, progress.NumUpdates);
        TrainingCheckpoint.DeleteStaleTemporaries(path);
        TrainingCheckpoint.Save(path, networks.Modules, networks.Optimizers, progress, _options.Setup.Model.ToJson(),
            networksConfigJson: _options.Setup.NetworksConfigJson());
        CheckpointSaved?.Invoke(path);
        if (_options.KeepCheckpoints > 0) DeleteOldCheckpoints(_options.RunDir, _options.KeepCheckpoints);
    }

    /// <summary>Deletes all but the <paramref name="keep"/> newest checkpoints of a run folder.</summary>
    public static void DeleteOldCheckpoints(string runDir, int keep)
    {
        if (keep < 1) throw new ArgumentOutOfRangeException(nameof(keep), "at least the newest checkpoint is kept");
        var all = Checkpoints(runDir);
        foreach (var old in all.Take(Math.Max(0, all.Count - keep))) File.Delete(old);
    }

    /// <summary>
    /// G and G_ema from the checkpoint's EMA generator; each discriminator too when the checkpoint has one of the same
    /// shapes (one of another size, say from a run with a wider video discriminator, starts fresh, with a notice). A
    /// checkpoint without discriminator weights (an export, a generator-only release) is the one expected gap: both
    /// discriminators start fresh, with a notice. Anything else (no config for the weights, corrupt weights) is an error.
    /// </summary>
    private void Initialize(TrainingNetworks networks, string path)
    {
        using (var loaded = CheckpointLoader.LoadGenerator(path))
        {
            TrainingNetworks.CopyWeights(loaded.Generator, networks.Generator);
            TrainingNetworks.CopyWeights(loaded.Generator, networks.GeneratorEma);
        }
        var copied = new List<string>();
        using (var d = DiscriminatorLoader.Load(path))
        {
            if (d.Image is null && d.Video is null)
                Notice?.Invoke($"{path} holds no discriminator weights: both discriminators start fresh");
            foreach (var (name, source, target) in new (string, Module?, Module)[]
                     {
                         ("image discriminator", d.Image, networks.ImageDiscriminator),
                         ("video discriminator", d.Video, networks.VideoDiscriminator),
                     })
            {
                if (source is null) continue;
                if (!target.CompareStateDict(source.StateDict()).IsComplete)
                {
                    Notice?.Invoke($"the {name} of {path} has other shapes than this run's; it starts fresh");
                    continue;
                }
                TrainingNetworks.CopyWeights(source, target);
                copied.Add(name);
            }
        }
        var discriminators = copied.Count switch { 0 => "", 1 => $" and the {copied[0]}", _ => " and both discriminators" };
        Notice?.Invoke($"initialised the generator{discriminators} from {path}");
    }
}
