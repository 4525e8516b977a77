namespace Pv3d.Training;

/// <summary>
/// The quantities that fade with the number of real images seen (official <c>num_samples</c>): the
/// blur of real and fake images shown to D, the camera-swap (gpc) probability, the neural rendering
/// resolution and the EMA decay. Pure functions of the counters; the defaults are the official ones.
/// </summary>
public sealed record TrainingSchedule
{
    /// <summary>Images per update (official <c>training.batch_size</c>).</summary>
    public int BatchSize { get; init; } = 32;

    public double BlurInitSigma { get; init; } = 10;

    /// <summary>Fade length before batch scaling; the effective length is this · BatchSize/32.</summary>
    public double BlurFadeKimg { get; init; } = 200;

    public double GpcRegProb { get; init; } = 0.5;
    public double GpcRegFadeKimg { get; init; } = 1000;

    public int NeuralRenderingResolutionInitial { get; init; } = 64;

    /// <summary>Null keeps the initial resolution for the whole run.</summary>
    public int? NeuralRenderingResolutionFinal { get; init; }

    public double NeuralRenderingResolutionFadeKimg { get; init; } = 1000;

    /// <summary>Null disables the EMA ramp-up.</summary>
    public double? EmaRampup { get; init; } = 0.05;

    /// <summary>σ of the Gaussian blur: 10 at the start, fading linearly to 0 after BlurFadeKimg·BatchSize/32 kimg.</summary>
    public double BlurSigma(long numSamples)
    {
        var fadeKimg = BlurFadeKimg * BatchSize / 32;
        return fadeKimg > 0 ? Math.Max(1 - numSamples / (fadeKimg * 1e3), 0) * BlurInitSigma : 0;
    }

    /// <summary>Half-width of the blur kernel, <c>floor(3σ)</c>; 0 means no blur.</summary>
    public static int BlurSize(double sigma) => (int)Math.Floor(sigma * 3);

    /// <summary>Probability of conditioning the mapping on another video's camera: 1 at the start, fading to GpcRegProb.</summary>
    public double CameraSwapProbability(long numSamples)
    {
        var alpha = GpcRegFadeKimg > 0 ? Math.Min(numSamples / (GpcRegFadeKimg * 1e3), 1) : 1;
        return (1 - alpha) * 1 + alpha * GpcRegProb;
    }

    /// <summary>Rendering resolution: initial → final over the fade, rounded half to even (numpy's rint).</summary>
    public int NeuralRenderingResolution(long numSamples)
    {
        if (NeuralRenderingResolutionFinal is not { } final) return NeuralRenderingResolutionInitial;
        var alpha = Math.Min(numSamples / (NeuralRenderingResolutionFadeKimg * 1e3), 1);
        return (int)Math.Round(NeuralRenderingResolutionInitial * (1 - alpha) + final * alpha, MidpointRounding.ToEven);
    }

    /// <summary>
    /// EMA decay for one update of <paramref name="batchSize"/> images: half-life BatchSize·10/32 kimg,
    /// capped during ramp-up at numSamples·EmaRampup (so the first update copies the weights: β = 0).
    /// </summary>
    public double EmaBeta(long numSamples, int batchSize)
    {
        var emaNimg = BatchSize * 10.0 / 32 * 1000;
        if (EmaRampup is { } rampup) emaNimg = Math.Min(emaNimg, numSamples * rampup);
        return Math.Pow(0.5, batchSize / Math.Max(emaNimg, 1e-8));
    }
}
