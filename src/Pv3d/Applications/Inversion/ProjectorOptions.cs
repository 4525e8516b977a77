namespace Pv3d.Applications.Inversion;

/// <summary>W: one w for every layer (repeated num_ws times); W+: one w per layer.</summary>
public enum LatentSpace
{
    W,
    WPlus,
}

/// <summary>
/// Settings of the latent optimisation shared by inversion and reconstruction; defaults from the EG3D projector of PTI
/// (<c>initial_learning_rate = 0.01</c>, <c>lr_rampup_length = 0.05</c>, <c>lr_rampdown_length = 0.25</c>,
/// <c>initial_noise_factor = 0.05</c>, <c>noise_ramp_length = 0.75</c>, <c>w_avg_samples = 10000</c>).
/// </summary>
public sealed record ProjectorOptions
{
    public int Steps { get; init; } = 300;
    public LatentSpace Space { get; init; } = LatentSpace.WPlus;
    public double LearningRate { get; init; } = 0.01;
    public double LrRampUp { get; init; } = 0.05;
    public double LrRampDown { get; init; } = 0.25;
    public double InitialNoiseFactor { get; init; } = 0.05;
    public double NoiseRamp { get; init; } = 0.75;

    /// <summary>z samples mapped (with the camera) to estimate w_avg and w_std.</summary>
    public int WAvgSamples { get; init; } = 10000;

    /// <summary>Learning rate of the motion codes z_m+ (reconstruction only; they live in the unit-variance z space).</summary>
    public double MotionLearningRate { get; init; } = 0.05;

    /// <summary>Frames per optimisation step (reconstruction only): each step fits a different group of frames.</summary>
    public int FramesPerStep { get; init; } = 4;

    /// <summary>Pivotal tuning steps of the generator's weights after the codes are found (0 = none).</summary>
    public int TuneSteps { get; init; }

    /// <summary>Pivotal tuning's learning rate (PTI: 3e-4).</summary>
    public double TuneLearningRate { get; init; } = 3e-4;

    public FitLoss Loss { get; init; } = new();

    /// <summary>Seeds the w_avg samples, the noise on w and the frame order; same seed, same result.</summary>
    public long Seed { get; init; }

    public void Validate()
    {
        if (Steps < 0) throw new Pv3dException($"steps must not be negative, got {Steps}");
        if (TuneSteps < 0) throw new Pv3dException($"tuning steps must not be negative, got {TuneSteps}");
        if (!(LearningRate > 0)) throw new Pv3dException($"the learning rate must be positive, got {LearningRate}");
        if (!(TuneLearningRate > 0)) throw new Pv3dException($"the tuning learning rate must be positive, got {TuneLearningRate}");
        if (!(MotionLearningRate > 0)) throw new Pv3dException($"the motion learning rate must be positive, got {MotionLearningRate}");
        if (!(LrRampUp > 0) || !(LrRampDown > 0) || !(NoiseRamp > 0)) throw new Pv3dException("the ramp lengths must be positive");
        if (WAvgSamples < 2) throw new Pv3dException($"w_avg needs at least 2 samples, got {WAvgSamples}");
        if (FramesPerStep < 1) throw new Pv3dException($"frames per step must be at least 1, got {FramesPerStep}");
        Loss.Validate();
    }
}
