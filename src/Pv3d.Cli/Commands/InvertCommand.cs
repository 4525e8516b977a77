using System.CommandLine;
using Pv3d.Applications.Inversion;

namespace Pv3d.Cli.Commands;

/// <summary><c>pv3d invert</c>: a still portrait into W/W+ (latents.npz, inversion.png, metrics.json).</summary>
public static class InvertCommand
{
    public static Command Create()
    {
        var model = new ModelOptions();
        var fit = new FitOptions(defaultSteps: 300);
        var image = new Option<string>("--image") { Description = "The portrait (any image ffmpeg reads): a raw photo, or with --camera a square crop in the training framing", Required = true };
        var camera = new Option<string?>("--camera") { Description = "Its camera: a JSON camera file in the official layout (one entry), or 'frontal'; either uses the image as it is. Default: a raw photo, whose face is found, aligned and its camera estimated (as pv3d align)" };
        var output = CliOptions.Out("Output folder");
        var command = new Command("invert", "Invert a still portrait at t = 0 into the generator's W+ (or W) space, optionally with pivotal tuning");
        model.AddTo(command);
        foreach (var option in new Option[] { image, camera, output }.Concat(fit.All)) command.Options.Add(option);
        command.SetAction(parse =>
        {
            using var lpips = fit.LoadLpips(parse);
            var options = fit.Parse(parse, framesPerStep: 1, lpips);
            using var loaded = model.Load(parse);
            var summary = FitOptions.WithProgress(progress => StillInversion.Run(loaded, parse.GetValue(image)!, parse.GetValue(camera), parse.GetValue(output)!,
                options, progress, CancelOnCtrlC.Token, Console.WriteLine));
            Report(summary.Fit, summary.Metrics);
            foreach (var path in new[] { summary.LatentsPath, summary.ImagePath, summary.MetricsPath, summary.TunedGenerator })
                if (path is not null) Console.WriteLine($"wrote {path}");
            return 0;
        });
        return command;
    }

    internal static void Report(FitResult fit, FitMetrics metrics)
    {
        if (fit.Interrupted) Console.WriteLine($"interrupted after {fit.Steps} code steps and {fit.TuneSteps} tuning steps; wrote what was found");
        Console.WriteLine($"PSNR {metrics.MeanPsnr:0.00} dB, SSIM {metrics.MeanSsim:0.0000}, final loss {fit.Loss:0.0000}");
    }
}
