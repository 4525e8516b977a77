using Pv3d.Applications.Inversion;
using Pv3d.Checkpoints;
using Pv3d.Torch;
using Pv3d.Video;

namespace Pv3d.Applications.Reconstruction;

/// <summary>What a reconstruction wrote.</summary>
public sealed record ReconstructionSummary(string LatentsPath, string VideoPath, string MultiViewPath, string MetricsPath, string? TunedGenerator,
    FitMetrics Metrics, FitResult Fit);

/// <summary>
/// <c>pv3d reconstruct</c> (the paper's video inversion): one W+ appearance code shared by all F frames and one z_m+ code
/// per frame (a motion code per motion layer, [F, K, 512]), frame i at time t = i / (F − 1) and its own camera; the mapping
/// network sees one camera for all frames, as at inference (the first frame's). Writes <c>latents.npz</c> (ws,
/// z_motion_plus, t, c), <c>reconstruction.mp4</c> (F frames with the input's cameras at the model's resolution),
/// <c>multiview.mp4</c> (the reconstruction from yaw −30°/0°/+30° side by side) and <c>metrics.json</c> (psnr, ssim per
/// frame and mean against the input resized to the model's resolution).
/// </summary>
public static class VideoReconstruction
{
    public static ReconstructionSummary Run(LoadedGenerator loaded, string videoPath, string camerasPath, string outputDirectory,
        ProjectorOptions options, double fps = VideoWriter.DefaultFps, IProgress<OptimizationProgress>? progress = null,
        CancellationToken cancellation = default)
    {
        options.Validate();
        var generator = loaded.Generator;
        using var scope = TensorScope.Enter();
        var targets = TargetFrames.LoadVideo(videoPath, generator.Options.ImgResolution);
        var frames = (int)targets.Size(0);
        var cameras = TargetFrames.LoadCameras(camerasPath, frames);
        var times = Tensor.FromArray(Enumerable.Range(0, frames).Select(i => (float)i / (frames - 1)).ToArray(), frames);
        OutputFolder.Create(outputDirectory);

        var fit = CodeFitter.Fit(generator, new FitTargets(targets, cameras, times, cameras.Narrow(0, 0, 1), FitMotion: true), options, progress, cancellation);
        string? tuned = null;
        if (fit.TuneSteps > 0)
        {
            tuned = Path.GetFullPath(Path.Combine(outputDirectory, "tuned_generator.safetensors"));
            CheckpointExporter.Save(tuned, generator, loaded.Config);
        }

        var renderer = new CodeRenderer(generator);
        var images = renderer.Render(fit.Ws, fit.Motion, times, cameras).Images;
        var metrics = FitMetrics.Measure(images, targets, options.Loss.Lpips);
        var videoOut = Path.Combine(outputDirectory, "reconstruction.mp4");
        VideoWriter.WriteMp4(videoOut, FrameConversion.ImagesToFrames(images), fps);
        var multiOut = Path.Combine(outputDirectory, "multiview.mp4");
        VideoWriter.WriteMp4(multiOut, MultiView.Render(renderer, fit.Ws, fit.Motion, times), fps);
        var latentsOut = Path.Combine(outputDirectory, "latents.npz");
        using (var latents = new Latents(fit.Ws, cameras, fit.Motion, times, tunedGenerator: tuned)) latents.Save(latentsOut);
        var metricsOut = Path.Combine(outputDirectory, "metrics.json");
        metrics.Write(metricsOut, StillInversion.Extra(fit, options));
        return new ReconstructionSummary(latentsOut, videoOut, multiOut, metricsOut, tuned, metrics, fit);
    }
}
