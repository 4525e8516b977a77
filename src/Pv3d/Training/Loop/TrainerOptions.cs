namespace Pv3d.Training.Loop;

/// <summary>How a <see cref="Trainer"/> runs: where the data and the run folder are, how long, how often to save.</summary>
public sealed record TrainerOptions
{
    public required string DataDir { get; init; }
    public required string RunDir { get; init; }
    public required TrainingSetup Setup { get; init; }

    /// <summary>Train until this many updates are done in total (a resumed run counts its earlier updates).</summary>
    public long TotalUpdates { get; init; } = 1;

    public ulong Seed { get; init; }

    /// <summary>Save a checkpoint every this many updates (0: only at the end and on cancellation).</summary>
    public long CheckpointEvery { get; init; }

    /// <summary>Keep only this many newest checkpoints in the run folder, deleting older ones after each save (0: keep all).</summary>
    public int KeepCheckpoints { get; init; }

    /// <summary>Write a sample grid of G_ema every this many updates (0: never).</summary>
    public long SampleEvery { get; init; }

    /// <summary>Continue from the newest checkpoint in the run folder.</summary>
    public bool Resume { get; init; }

    /// <summary>Start afresh in a run folder that holds a run, moving the old run aside into <c>previous-TIME/</c>.</summary>
    public bool Overwrite { get; init; }

    /// <summary>
    /// On a non-finite loss, save a checkpoint of the state before the update that produced it (the last finite state,
    /// kept in memory before every update) and stop. Without it the run stops saving nothing, so the newest periodic
    /// checkpoint (up to <see cref="CheckpointEvery"/> updates older) is the last good state.
    /// </summary>
    public bool StopOnNan { get; init; }

    /// <summary>Start G (and G_ema) and, when present, both discriminators from this checkpoint.</summary>
    public string? InitCheckpoint { get; init; }

    /// <summary>
    /// Process this process's share of each batch in this many rounds, accumulating gradients (the official
    /// <c>batch_gpu</c> = batch_size / (processes × rounds)): less memory for the same update.
    /// </summary>
    public int Rounds { get; init; } = 1;

    public void Validate()
    {
        if (Rounds < 1) throw Pv3dException.ForSettings($"{nameof(Rounds)} must be at least 1, got {Rounds}", nameof(Rounds));
        if (TotalUpdates < 1) throw new Pv3dException($"the number of training updates must be positive, got {TotalUpdates}");
        if (CheckpointEvery < 0) throw new Pv3dException($"the checkpoint interval must not be negative, got {CheckpointEvery}");
        if (KeepCheckpoints < 0) throw new Pv3dException($"the number of checkpoints to keep must not be negative, got {KeepCheckpoints}");
        if (SampleEvery < 0) throw new Pv3dException($"the sample interval must not be negative, got {SampleEvery}");
        if (Resume && InitCheckpoint is not null)
            throw Pv3dException.ForSettings($"{nameof(Resume)} and {nameof(InitCheckpoint)} exclude each other: a resumed run continues its own weights",
                nameof(Resume), nameof(InitCheckpoint));
        if (Resume && Overwrite)
            throw Pv3dException.ForSettings($"{nameof(Resume)} and {nameof(Overwrite)} exclude each other: resume continues the run that overwrite would move aside",
                nameof(Resume), nameof(Overwrite));
        if (!Directory.Exists(DataDir)) throw new Pv3dException($"{DataDir}: dataset folder not found");
    }
}
