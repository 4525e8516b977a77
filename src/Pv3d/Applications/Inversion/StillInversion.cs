using Pv3d.Checkpoints;
using Pv3d.Torch;
using Pv3d.Video;

namespace Pv3d.Applications.Inversion;

/// <summary>What an inversion wrote.</summary>
public sealed record InversionSummary(string LatentsPath, string ImagePath, string MetricsPath, string? TunedGenerator, FitMetrics Metrics, FitResult Fit);

/// <summary>
/// <c>pv3d invert</c>: a still portrait inverted at t = 0, where the motion code has no effect (the motion layers see
/// z_m · t = 0), into W or W+ with its camera (also the mapping camera). Writes <c>latents.npz</c> (<see cref="Latents"/>:
/// ws, c, and the tuned generator's path when tuned), <c>inversion.png</c> (the re-rendered image) and <c>metrics.json</c>
/// (psnr, ssim against the input at the model's resolution); pivotal tuning writes <c>tuned_generator.safetensors</c>.
/// </summary>
public static class StillInversion
{
    public static InversionSummary Run(LoadedGenerator loaded, string imagePath, string? cameraPath, string outputDirectory, ProjectorOptions options,
        IProgress<OptimizationProgress>? progress = null, CancellationToken cancellation = default)
    {
        options.Validate();
        var generator = loaded.Generator;
        var resolution = generator.Options.ImgResolution;
        using var scope = TensorScope.Enter();
        var target = TargetFrames.LoadImage(imagePath, resolution);
        var camera = TargetFrames.LoadCameras(cameraPath, 1);
        OutputFolder.Create(outputDirectory);

        var fit = CodeFitter.Fit(generator, new FitTargets(target, camera, Tensor.Zeros(1), camera, FitMotion: false), options, progress, cancellation);
        string? tuned = null;
        if (fit.TuneSteps > 0)
        {
            tuned = Path.GetFullPath(Path.Combine(outputDirectory, "tuned_generator.safetensors"));
            CheckpointExporter.Save(tuned, generator, loaded.Config);
        }
        var image = new CodeRenderer(generator).Render(fit.Ws, fit.Motion, Tensor.Zeros(1), camera).Images;
        var metrics = FitMetrics.Measure(image, target, options.Loss.Lpips);

        var imageOut = Path.Combine(outputDirectory, "inversion.png");
        VideoWriter.WritePng(imageOut, FrameConversion.ImagesToFrames(image));
        var latentsOut = Path.Combine(outputDirectory, "latents.npz");
        using (var latents = new Latents(fit.Ws, camera, tunedGenerator: tuned)) latents.Save(latentsOut);
        var metricsOut = Path.Combine(outputDirectory, "metrics.json");
        metrics.Write(metricsOut, Extra(fit, options));
        return new InversionSummary(latentsOut, imageOut, metricsOut, tuned, metrics, fit);
    }

    internal static Dictionary<string, object?> Extra(FitResult fit, ProjectorOptions options) => new()
    {
        ["steps"] = fit.Steps,
        ["tune_steps"] = fit.TuneSteps,
        ["space"] = options.Space == LatentSpace.W ? "w" : "w+",
        ["final_loss"] = double.IsFinite(fit.Loss) ? Math.Round(fit.Loss, 6) : null,
        ["interrupted"] = fit.Interrupted,
        ["seed"] = options.Seed,
    };
}
