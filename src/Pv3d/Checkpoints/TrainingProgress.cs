namespace Pv3d.Checkpoints;

/// <summary>
/// The counters a resumed run continues from: updates done (official <c>num_updates</c>), real images
/// seen (<c>num_samples</c>, which drives every fade) and the byte length of the JSONL log at the time
/// of the checkpoint (a resumed run truncates the log there, dropping lines written after it).
/// </summary>
public sealed record TrainingProgress(long NumUpdates, long NumSamples, long LogPosition);
