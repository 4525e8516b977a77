namespace Pv3d.Applications.Inversion;

/// <summary>One step of a long optimisation, for progress bars: the stage ("inversion", "tuning", ...), the step just done and the loss it had.</summary>
public readonly record struct OptimizationProgress(string Stage, int Step, int Steps, double Loss);

/// <summary>
/// The projector's schedules, as NVIDIA's StyleGAN2-ADA <c>projector.py</c> defines them and the EG3D/PTI projectors reuse
/// them: with t = step / steps, the learning rate is <c>lr · ramp</c>, <c>ramp = min(1, (1 − t) / rampdown)</c> eased by
/// <c>0.5 − 0.5 cos(π · ramp)</c> and multiplied by <c>min(1, t / rampup)</c>; the noise added to w is
/// <c>w_std · noise_factor · max(0, 1 − t / noise_ramp)²</c>.
/// </summary>
public static class ProjectorSchedule
{
    public static double LearningRate(double baseRate, double t, double rampUp, double rampDown)
    {
        var ramp = Math.Min(1, (1 - t) / rampDown);
        ramp = 0.5 - 0.5 * Math.Cos(ramp * Math.PI);
        ramp *= Math.Min(1, t / rampUp);
        return baseRate * ramp;
    }

    public static double NoiseScale(double wStd, double noiseFactor, double t, double noiseRamp) =>
        wStd * noiseFactor * Math.Pow(Math.Max(0, 1 - t / noiseRamp), 2);
}
