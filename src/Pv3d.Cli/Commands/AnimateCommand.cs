using System.CommandLine;
using Pv3d.Applications.Animation;
using Pv3d.Applications.Generation;
using Pv3d.Applications.Inversion;
using Pv3d.Rendering.Cameras;
using Pv3d.Torch;

namespace Pv3d.Cli.Commands;

/// <summary><c>pv3d animate</c>: invert a still (or reuse its latents), then one video per motion seed.</summary>
public static class AnimateCommand
{
    public static Command Create()
    {
        var model = new ModelOptions();
        var fit = new FitOptions(defaultSteps: 300);
        var image = new Option<string?>("--image") { Description = "The portrait to invert: a raw photo, or with --camera a square crop in the training framing; not needed with --latents" };
        var camera = new Option<string?>("--camera") { Description = "Its camera file (official layout) or 'frontal'; either uses the image as it is. Default: a raw photo, aligned and its camera estimated" };
        var latents = new Option<string?>("--latents") { Description = "latents.npz of an earlier pv3d invert: skip the inversion" };
        var output = CliOptions.Out("Output folder");
        var motionSeeds = new Option<string>("--motion-seeds") { Description = "Motion seeds, one video each: 0-3, 0,5,7", DefaultValueFactory = _ => "0-3" };
        var frames = new Option<int>("--frames") { Description = "Frames per video (time 0 to 1)", DefaultValueFactory = _ => 48 };
        var path = new Option<string>("--camera-path") { Description = "frontal, yaw-sweep or orbit", DefaultValueFactory = _ => "frontal" };
        var command = new Command("animate", "Animate a still portrait: invert it, then videos with random motion codes (as pv3d generate writes them)");
        model.AddTo(command);
        foreach (var option in new Option[] { image, camera, latents, output, motionSeeds, frames, path }.Concat(fit.All)) command.Options.Add(option);
        command.SetAction(parse =>
        {
            var outDir = parse.GetValue(output)!;
            var seeds = SeedList.Parse(parse.GetValue(motionSeeds)!);
            var videoOptions = new VideoGenerationOptions
            {
                Frames = parse.GetValue(frames),
                Trajectory = CameraTrajectory.Parse(parse.GetValue(path)!),
            };
            videoOptions.Validate();
            var latentsPath = parse.GetValue(latents);
            // The generator the inversion used, so the animation renders with the same one without resolving (and
            // announcing) the default checkpoint a second time.
            string? invertedWith = null;
            if (latentsPath is null)
            {
                var imagePath = parse.GetValue(image) ?? throw new Pv3dException("give --image (a portrait to invert) or --latents (an earlier inversion)");
                using var lpips = fit.LoadLpips(parse);
                var options = fit.Parse(parse, framesPerStep: 1, lpips);
                using var loadedForInversion = model.Load(parse);
                var summary = FitOptions.WithProgress(progress => StillInversion.Run(loadedForInversion, imagePath, parse.GetValue(camera), outDir, options,
                    progress, CancelOnCtrlC.Token, Console.WriteLine));
                InvertCommand.Report(summary.Fit, summary.Metrics);
                latentsPath = summary.LatentsPath;
                invertedWith = loadedForInversion.Source;
            }
            else if (parse.GetValue(image) is not null) throw new Pv3dException("give either --image or --latents, not both");

            using var codes = Latents.Load(latentsPath);
            using var loaded = model.Load(parse, codes.TunedGenerator ?? invertedWith);
            codes.CheckFits(loaded.Generator, latentsPath);
            var files = PortraitAnimation.Run(loaded.Generator, codes, seeds, videoOptions, outDir, cancellation: CancelOnCtrlC.Token);
            foreach (var f in files) Console.WriteLine($"wrote {f.Path} ({f.Kind}, motion seed {f.Seed}, {f.Width}x{f.Height}, {f.Frames} frames)");
            return 0;
        });
        return command;
    }
}
