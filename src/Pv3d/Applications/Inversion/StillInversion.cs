using Pv3d.Checkpoints;
using Pv3d.Faces.Alignment;
using Pv3d.Torch;
using Pv3d.Video;

namespace Pv3d.Applications.Inversion;

/// <summary>What an inversion wrote.</summary>
public sealed record InversionSummary(string LatentsPath, string ImagePath, string MetricsPath, string? TunedGenerator, FitMetrics Metrics, FitResult Fit,
    PortraitTarget? Portrait = null);

/// <summary>
/// <c>pv3d invert</c>: a still portrait inverted at t = 0, where the motion code has no effect (the motion layers see
/// z_m · t = 0), into W or W+ with its camera (also the mapping camera). Writes <c>latents.npz</c> (<see cref="Latents"/>:
/// ws, c, and the tuned generator's path when tuned), <c>inversion.png</c> (the re-rendered image) and <c>metrics.json</c>
/// (psnr, ssim against the input at the model's resolution); pivotal tuning writes <c>tuned_generator.safetensors</c>.
/// The camera setting is resolved by <see cref="PortraitTarget.Resolve"/>: a camera file or <c>frontal</c> takes the image
/// as an aligned crop; none takes it for a raw photo, which is aligned and its camera estimated first (the line that
/// says so goes to <paramref name="log"/> before the fit starts).
/// </summary>
public static class StillInversion
{
    public static InversionSummary Run(LoadedGenerator loaded, string imagePath, string? camera, string outputDirectory, ProjectorOptions options,
        IProgress<OptimizationProgress>? progress = null, CancellationToken cancellation = default, Action<string>? log = null)
    {
        options.Validate();
        var generator = loaded.Generator;
        var resolution = generator.Options.ImgResolution;
        using var scope = TensorScope.Enter();
        if (camera is null) OutputFolder.Create(outputDirectory);
        var portrait = PortraitTarget.Resolve(imagePath, camera, outputDirectory, (int)Math.Max(resolution, FaceAligner.DefaultSize));
        if (portrait.Note is not null) log?.Invoke(portrait.Note);
        var target = TargetFrames.LoadImage(portrait.ImagePath, resolution);
        var cameras = TargetFrames.LoadCameras(portrait.CameraPath, 1);
        OutputFolder.Create(outputDirectory);

        var fit = CodeFitter.Fit(generator, new FitTargets(target, cameras, Tensor.Zeros(1), cameras, FitMotion: false), options, progress, cancellation);
        string? tuned = null;
        if (fit.TuneSteps > 0)
        {
            tuned = Path.GetFullPath(Path.Combine(outputDirectory, "tuned_generator.safetensors"));
            CheckpointExporter.Save(tuned, generator, loaded.Config);
        }
        var image = new CodeRenderer(generator).Render(fit.Ws, fit.Motion, Tensor.Zeros(1), cameras).Images;
        var metrics = FitMetrics.Measure(image, target, options.Loss.Lpips);

        var imageOut = Path.Combine(outputDirectory, "inversion.png");
        VideoWriter.WritePng(imageOut, FrameConversion.ImagesToFrames(image));
        var latentsOut = Path.Combine(outputDirectory, "latents.npz");
        using (var latents = new Latents(fit.Ws, cameras, tunedGenerator: tuned)) latents.Save(latentsOut);
        var metricsOut = Path.Combine(outputDirectory, "metrics.json");
        metrics.Write(metricsOut, Extra(fit, options));
        return new InversionSummary(latentsOut, imageOut, metricsOut, tuned, metrics, fit, portrait);
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
