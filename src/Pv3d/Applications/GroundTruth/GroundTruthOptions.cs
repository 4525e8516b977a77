using Pv3d.Applications.Inversion;

namespace Pv3d.Applications.GroundTruth;

/// <summary>
/// Settings of the ground-truth benchmark: which held-out synthetic clips (<see cref="DataSeed"/>, clips 0 ..
/// <see cref="Clips"/> − 1, <see cref="Frames"/> frames each at t = i / (F − 1)) and the projector settings of the still
/// inversion and the video reconstruction (their <see cref="ProjectorOptions.TuneSteps"/> are the pivotal-tuning steps
/// measured as "after"; 0 measures only "before").
/// </summary>
public sealed record GroundTruthOptions
{
    /// <summary>The seed of the bundled model's training data (<c>pv3d dataset synth</c>'s default), never a held-out seed.</summary>
    public const long TrainingDataSeed = 0;

    public int Clips { get; init; } = 8;
    public int Frames { get; init; } = 16;
    public long DataSeed { get; init; } = 1000;
    public ProjectorOptions Inversion { get; init; } = new() { Steps = 300, TuneSteps = 100 };
    public ProjectorOptions Reconstruction { get; init; } = new() { Steps = 400, TuneSteps = 100 };

    /// <summary>Clips drawn in the pictures (the first ones).</summary>
    public int FigureClips { get; init; } = 3;

    /// <summary>Frames of each clip shown in the reconstruction picture (evenly spaced, first and last included).</summary>
    public int FigureFrames { get; init; } = 4;

    public void Validate()
    {
        if (Clips < 1) throw new Pv3dException($"Clips must be at least 1, got {Clips}");
        if (Frames < 2) throw new Pv3dException($"Frames must be at least 2 (a clip to reconstruct), got {Frames}");
        if (DataSeed == TrainingDataSeed)
            throw new Pv3dException($"DataSeed {DataSeed} is the seed of the bundled model's training data; held-out clips need another seed");
        if (FigureClips < 0 || FigureFrames < 1) throw new Pv3dException($"FigureClips must not be negative and FigureFrames positive, got {FigureClips} and {FigureFrames}");
        Inversion.Validate();
        Reconstruction.Validate();
    }
}
