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
        // Everything is checked before the run folder is touched: a mistake leaves an existing run whole and
        // creates nothing.
        RunFolder.CheckPath(runDir);
        var dataset = new VideoDataset(_options.DataDir, new VideoDatasetOptions { Resolution = setup.ImageResolution });
        if (dataset.Count < setup.BatchSize)
            throw new Pv3dException(
                $"{_options.DataDir}: the dataset has {dataset.Count} clip(s), fewer than one batch of {setup.BatchSize} (training.batch_size of the preset or config); use a smaller batch size or more clips");
        var batches = new ShuffledBatches(dataset.Count, setup.BatchSize, _options.Seed);
        if (_options.InitCheckpoint is { } initPath) Pv3d.Torch.IO.FileKind.RequireRegularFile(initPath, "initial checkpoint");

        var created = !Directory.Exists(runDir);
        Directory.CreateDirectory(runDir);
        using var runLock = AcquireOrCleanUp(runDir, created);
        var started = false;
        try
        {
            var held = RunFolder.Describe(runDir);
            if (_options.Resume && held is null)
                throw Pv3dException.ForSettings($"{runDir}: {nameof(TrainerOptions.Resume)} found no checkpoint in {CheckpointFolder}/", nameof(TrainerOptions.Resume));
            if (!_options.Resume && held is not null)
            {
                if (!_options.Overwrite)
                    throw Pv3dException.ForSettings(
                        $"{runDir}: the folder holds a run ({held}); continue it with {nameof(TrainerOptions.Resume)}, or start afresh with {nameof(TrainerOptions.Overwrite)} (which moves the old run aside)",
                        nameof(TrainerOptions.Resume), nameof(TrainerOptions.Overwrite));
                var aside = RunFolder.MoveAside(runDir); // not inside Notice?.Invoke(...), which skips its argument when null
                Notice?.Invoke($"moved the old run ({held}) to {aside}");
            }
            var result = RunLocked(dataset, batches, cancel, () => started = true);
            return result;
        }
        catch when (created && !started)
        {
            runLock.Dispose();
            RunFolder.DeleteIfOnlyLock(runDir);
            throw;
        }
    }

    private static RunFolderLock AcquireOrCleanUp(string runDir, bool created)
    {
        try
        {
            return RunFolderLock.Acquire(runDir);
        }
        catch when (created)
        {
            RunFolder.DeleteIfOnlyLock(runDir);
            throw;
        }
    }

    private TrainingProgress RunLocked(VideoDataset dataset, ShuffledBatches batches, CancellationToken cancel, Action started)
    {
        var setup = _options.Setup;
        var runDir = _options.RunDir;

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

        started();
        Directory.CreateDirectory(Path.Combine(runDir, CheckpointFolder));
        using var log = new TrainingLog(runDir, progress.LogPosition);
        using var samples = _options.SampleEvery > 0 ? new SampleGrid(dataset, _options.Seed) : null;
        var step = new TrainingStep(networks, setup);
        var lastSaved = _options.Resume ? progress.NumUpdates : -1;
        TrainingSnapshot? beforeUpdate = null;
        try
        {
        while (progress.NumUpdates < _options.TotalUpdates && !cancel.IsCancellationRequested)
        {
            var u = progress.NumUpdates;
            if (_options.StopOnNan && lastSaved != u)
            {
                beforeUpdate?.Dispose();
                beforeUpdate = TrainingSnapshot.Take(networks.Modules, networks.Optimizers);
            }
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
            if (NonFiniteLoss(result) is { } bad)
            {
                // The update is done and its weights are suspect. With StopOnNan the state before it is put back and
                // saved as checkpoint u (unless it was saved already); otherwise nothing is saved and the newest
                // checkpoint stays the last good state. Either way --resume cuts this line from the log.
                if (_options.StopOnNan && lastSaved != u)
                {
                    beforeUpdate!.Restore(networks.Modules, networks.Optimizers);
                    Save(networks, progress);
                    lastSaved = u;
                }
                var last = LatestCheckpoint(runDir);
                throw Pv3dException.ForSettings(
                    $"{bad.Name} is not finite ({bad.Value}) at update {u}; training stopped without saving this update " +
                    (last is null ? "(no checkpoint was saved before it)"
                        : _options.StopOnNan ? $"(the state before it, the last finite one, is saved as {last}; continue from it with {nameof(TrainerOptions.Resume)} once the cause is fixed)"
                        : $"(the last good checkpoint is {last}; continue from it with {nameof(TrainerOptions.Resume)} once the cause is fixed)") +
                    ": a too high learning rate or a bad loss weight or blur setting is the usual cause",
                    last is null ? [] : [nameof(TrainerOptions.Resume)]);
            }
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
        }
        finally
        {
            beforeUpdate?.Dispose();
        }
        if (lastSaved != progress.NumUpdates) Save(networks, progress);
        return progress;
    }

    /// <summary>The first non-finite loss of an update (log name and value), or null.</summary>
    private static (string Name, double Value)? NonFiniteLoss(StepResult s)
    {
        foreach (var (name, value) in new (string, double?)[]
                 {
                     ("loss_Gmain", s.GeneratorMain), ("loss_Greg", s.GeneratorReg), ("loss_Dmain", s.DiscriminatorMain), ("loss_Dreg", s.DiscriminatorReg),
                 })
            if (value is { } v && !double.IsFinite(v)) return (name, v);
        return null;
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
