namespace Pv3d.Training.Loop;

/// <summary>
/// What one update did: its number (updates before it), the schedule values it used and each phase's loss
/// (null for a regularisation phase that was not due).
/// </summary>
public sealed record StepResult(
    long Update,
    long NumSamples,
    double BlurSigma,
    double CameraSwapProbability,
    int RenderingResolution,
    double EmaBeta,
    double GeneratorMain,
    double? GeneratorReg,
    double DiscriminatorMain,
    double? DiscriminatorReg);
