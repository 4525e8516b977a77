using System.Diagnostics;
using System.Globalization;
using Pv3d.Checkpoints;
using Pv3d.Data;
using Pv3d.Distributed;
using Pv3d.Torch;
using Pv3d.Torch.Modules;

namespace Pv3d.Training.Loop;

/// <summary>
/// The training loop: opens the dataset and the run folder, builds (or resumes, or initialises) the networks
/// and runs <see cref="TrainingStep"/> until the requested number of updates, logging every update and
/// saving atomic checkpoints. Every random source of update u is derived from (seed, u) — the real batch
/// and flips, the generator cameras and libtorch's generator, reseeded before each update — so a resumed run
/// repeats exactly what an uninterrupted one would have done.
/// With a <see cref="Session"/> the run is data-parallel (docs/distributed.md): every rank runs this loop on its shards
/// of each batch (<see cref="BatchShards"/>), rank 0's initial weights are broadcast, gradients are averaged after
/// every backward pass, and only rank 0 touches the run folder (lock, log, samples, checkpoints).
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

    /// <summary>The multi-process run this trainer is one rank of, or null for a single process.</summary>
    public DistributedSession? Session { get; init; }

    /// <summary>What a data-parallel run sent through all_reduce so far (null for a single process).</summary>
    public GradientAverager? Averager { get; private set; }

    private bool IsMain => Session is null || Session.IsMain;

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
        var shards = new BatchShards(Session?.Rank ?? 0, Session?.WorldSize ?? 1, _options.Rounds);
        shards.ShardSize(setup.BatchSize);
        if (_options.InitCheckpoint is { } initPath && IsMain) Pv3d.Torch.IO.FileKind.RequireRegularFile(initPath, "initial checkpoint");
        if (Session is { } session)
        {
            // Every rank must run the same update rule on the same data: compare what defines them before anything
            // heavy (a rank started with another config or dataset fails here, on every rank, with a clear message).
            session.CheckSame("the training setup (config, preset, seed, length, resume, rounds)",
                $"{setup.NetworksConfigJson()}\n{setup.Training}\n{_options.Seed} {_options.TotalUpdates} {_options.Resume} {_options.Rounds} {setup.DensityRegPoints}");
            session.CheckSame($"the dataset ({_options.DataDir}: clip count)", dataset.Count.ToString(CultureInfo.InvariantCulture));
            if (!session.IsMain) return RunLocked(dataset, batches, shards, cancel, () => { });
        }

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
            var result = RunLocked(dataset, batches, shards, cancel, () => started = true);
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

    private TrainingProgress RunLocked(VideoDataset dataset, ShuffledBatches batches, BatchShards shards, CancellationToken cancel, Action started)
    {
        var setup = _options.Setup;
        var runDir = _options.RunDir;
        var main = IsMain;

        // Fresh weights are drawn from libtorch's generator: seed it so a run is a function of its seed.
        TorchRandom.ManualSeed((long)(DataRandom.ForStream(_options.Seed ^ TorchStream, ulong.MaxValue).NextUInt64() >> 1));
        using var networks = new TrainingNetworks(setup);
        var progress = new TrainingProgress(0, 0, 0);
        if (_options.Resume)
        {
            var latest = LatestCheckpoint(runDir) ?? throw Pv3dException.ForSettings(
                $"{runDir}: {nameof(TrainerOptions.Resume)} found no checkpoint in {CheckpointFolder}/", nameof(TrainerOptions.Resume));
            if (Session is { } s) s.CheckSame("the checkpoint to resume from", latest);
            if (main) TrainingCheckpoint.DeleteStaleTemporaries(latest);
            var contents = TrainingCheckpoint.Load(latest, networks.Modules, networks.Optimizers);
            if (contents.ConfigJson != setup.Model.ToJson())
                throw Pv3dException.ForSettings(
                    $"{latest}: the checkpoint was trained with another generator config than this run's (give the same {nameof(TrainerOptions.Setup)} as the run had)",
                    nameof(TrainerOptions.Setup));
            progress = contents.Progress;
            Notice?.Invoke($"resumed from {latest} at update {progress.NumUpdates}");
        }
        else if (_options.InitCheckpoint is { } init && main)
        {
            Initialize(networks, init);
        }
        if (Session is { } session)
        {
            // Rank 0's weights (fresh, initialised or resumed) on every rank, as DistributedDataParallel does.
            ModuleSync.BroadcastFromMain(session, networks.Modules.Values);
            Averager = new GradientAverager(session);
        }

        started();
        if (main) Directory.CreateDirectory(Path.Combine(runDir, CheckpointFolder));
        using var log = main ? new TrainingLog(runDir, progress.LogPosition) : null;
        using var samples = main && _options.SampleEvery > 0 ? new SampleGrid(dataset, _options.Seed) : null;
        var step = new TrainingStep(networks, setup, shards, Averager);
        var shardSize = step.ShardSize;
        var lastSaved = _options.Resume ? progress.NumUpdates : -1;
        TrainingSnapshot? beforeUpdate = null;
        try
        {
        while (progress.NumUpdates < _options.TotalUpdates && !StopAgreed(cancel))
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
                var indices = batches.Batch(u);
                var dataSeed = DataRandom.ForStream(_options.Seed, (ulong)u).NextUInt64();
                var reals = new List<DatasetBatch>();
                for (var k = 0; k < shards.RoundsPerRank; k++)
                {
                    var first = shards.ShardOf(k) * shardSize;
                    var real = FetchBatch(dataset, indices.AsSpan(first, shardSize).ToArray(), dataSeed, first, cancel);
                    if (real is null) break;
                    reals.Add(real);
                }
                if (reals.Count < shards.RoundsPerRank)
                {
                    foreach (var r in reals) r.Dispose();
                    break;
                }
                var cameras = dataset.GeneratorCameras(4 * setup.BatchSize, DataRandom.ForStream(_options.Seed ^ CameraStream, (ulong)u));
                var torchSeed = DataRandom.ForStream(_options.Seed ^ TorchStream, (ulong)u).NextUInt64();
                TorchRandom.ManualSeed((long)(torchSeed >> 1));
                result = step.Run(u, progress.NumSamples, reals, cameras, torchSeed);
                foreach (var r in reals) r.Dispose();
            }
            var seconds = watch.Elapsed.TotalSeconds;
            var memory = MemoryUse.Measure();
            log?.Write(result, seconds, memory);
            if (NonFiniteLoss(result) is { } bad)
            {
                // The update is done and its weights are suspect. With StopOnNan the state before it is put back and
                // saved as checkpoint u (unless it was saved already); otherwise nothing is saved and the newest
                // checkpoint stays the last good state. Either way --resume cuts this line from the log.
                if (_options.StopOnNan && lastSaved != u)
                {
                    beforeUpdate!.Restore(networks.Modules, networks.Optimizers);
                    if (main) Save(networks, progress);
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
            progress = new TrainingProgress(u + 1, progress.NumSamples + setup.BatchSize, log?.Position ?? 0);
            StepDone?.Invoke(result, seconds, memory);
            if (samples is not null && progress.NumUpdates % _options.SampleEvery == 0)
                SampleSaved?.Invoke(samples.Write(networks.GeneratorEma, runDir, progress.NumUpdates));
            if (_options.CheckpointEvery > 0 && progress.NumUpdates % _options.CheckpointEvery == 0)
            {
                if (main) Save(networks, progress);
                lastSaved = progress.NumUpdates;
            }
        }
        }
        finally
        {
            beforeUpdate?.Dispose();
        }
        if (lastSaved != progress.NumUpdates && main) Save(networks, progress);
        return progress;
    }

    /// <summary>
    /// Whether to stop before the next update. Alone, when cancelled; in a data-parallel run every rank must stop at
    /// the same update (an interrupt or a time budget reaches the ranks at different moments), so the ranks agree by
    /// an all_reduce of their flags (max): one rank's stop stops all.
    /// </summary>
    private bool StopAgreed(CancellationToken cancel)
    {
        if (Session is not { } session) return cancel.IsCancellationRequested;
        using var scope = TensorScope.Enter();
        var flag = Tensor.FromArray(new[] { cancel.IsCancellationRequested ? 1.0f : 0.0f }, 1);
        session.AllReduce(flag, Pv3d.Torch.Distributed.ReduceOp.Max);
        return flag.Item() > 0;
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
    private static DatasetBatch? FetchBatch(VideoDataset dataset, IReadOnlyList<int> indices, ulong seed, int firstPosition, CancellationToken cancel)
    {
        try
        {
            return dataset.GetBatch(indices, seed, firstPosition);
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
