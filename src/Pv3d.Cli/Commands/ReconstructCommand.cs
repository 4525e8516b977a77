using System.CommandLine;
using Pv3d.Applications.Reconstruction;
using Pv3d.Video;

namespace Pv3d.Cli.Commands;

/// <summary><c>pv3d reconstruct</c>: a video into one W+ code and per-frame z_m+ codes.</summary>
public static class ReconstructCommand
{
    public static Command Create()
    {
        var model = new ModelOptions();
        var fit = new FitOptions(defaultSteps: 400);
        var video = new Option<string>("--video") { Description = "The clip: square, face-centred frames (any video ffmpeg reads), at least 2 frames", Required = true };
        var cameras = new Option<string>("--cameras") { Description = "One camera per frame, a JSON camera file in the official layout", Required = true };
        var output = CliOptions.Out("Output folder");
        var framesPerStep = new Option<int>("--frames-per-step") { Description = "Frames fitted together per step", DefaultValueFactory = _ => 4 };
        var fps = new Option<double>("--fps") { Description = "Frames per second of the written videos", DefaultValueFactory = _ => VideoWriter.DefaultFps };
        var command = new Command("reconstruct", "Reconstruct a video: one W+ appearance code shared by all frames and a z_m+ motion code per frame");
        model.AddTo(command);
        foreach (var option in new Option[] { video, cameras, output, framesPerStep, fps }.Concat(fit.All)) command.Options.Add(option);
        command.SetAction(parse =>
        {
            using var lpips = fit.LoadLpips(parse);
            var options = fit.Parse(parse, parse.GetValue(framesPerStep), lpips);
            using var loaded = model.Load(parse);
            var summary = FitOptions.WithProgress(progress => VideoReconstruction.Run(loaded, parse.GetValue(video)!, parse.GetValue(cameras)!,
                parse.GetValue(output)!, options, parse.GetValue(fps), progress, CancelOnCtrlC.Token));
            InvertCommand.Report(summary.Fit, summary.Metrics);
            foreach (var path in new[] { summary.LatentsPath, summary.VideoPath, summary.MultiViewPath, summary.MetricsPath, summary.TunedGenerator })
                if (path is not null) Console.WriteLine($"wrote {path}");
            return 0;
        });
        return command;
    }
}
