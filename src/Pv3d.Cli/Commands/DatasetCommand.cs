using System.CommandLine;
using Pv3d.Data;
using Pv3d.Data.Synthetic;
using Spectre.Console;

namespace Pv3d.Cli.Commands;

/// <summary><c>pv3d dataset</c>: dataset tools; <c>pv3d dataset synth</c> writes a synthetic talking-heads dataset.</summary>
public static class DatasetCommand
{
    public static Command Create()
    {
        var command = new Command("dataset", "Dataset tools");
        command.Subcommands.Add(CreateSynth());
        command.Subcommands.Add(DatasetPrepareCommand.Create());
        return command;
    }

    private static Command CreateSynth()
    {
        var output = CliOptions.Out("Dataset folder to create (new or empty)").Sets(nameof(SyntheticDatasetOptions.OutputDir));
        var count = new Option<int>("--count") { Description = "Number of clips", DefaultValueFactory = _ => 64 };
        var frames = new Option<int>("--frames") { Description = "Frames per clip", DefaultValueFactory = _ => 32 };
        var resolution = new Option<int>("--resolution") { Description = "Frame width and height in pixels (even)", DefaultValueFactory = _ => 64 };
        var seed = new Option<long>("--seed") { Description = "Seed; the same seed gives the same dataset", DefaultValueFactory = _ => 0 };
        var fps = new Option<double>("--fps") { Description = "Frames per second of the clips", DefaultValueFactory = _ => 25 };
        var force = new Option<bool>("--force") { Description = "Write into a folder that already holds files" };
        var command = new Command("synth",
            "Write procedurally modelled, sphere-traced talking heads (blinking, talking, moving camera) in the official layout: " +
            "voxceleb.list, recrop_faces/NAME.mp4, smoothed_camera2world/NAME.json, and ground truth in synth_meta/NAME.json");
        foreach (var option in new Option[] { output, count, frames, resolution, seed, fps, force }) command.Options.Add(option);
        command.SetAction(parse =>
        {
            var options = new SyntheticDatasetOptions
            {
                OutputDir = parse.GetValue(output)!,
                Count = parse.GetValue(count),
                Frames = parse.GetValue(frames),
                Resolution = parse.GetValue(resolution),
                Seed = parse.GetValue(seed),
                Fps = parse.GetValue(fps),
                Force = parse.GetValue(force),
            };
            options.Validate();
            SyntheticDatasetSummary? summary = null;
            CliProgress.Run(context =>
            {
                var task = context.AddTask("clips", maxValue: options.Count);
                summary = SyntheticDatasetWriter.Write(options, new CliProgress.Sync<SyntheticProgress>(p =>
                {
                    task.Value = p.ClipsDone;
                    task.Description = Markup.Escape($"clips ({p.Clip})");
                }));
                task.Description = "clips";
            });
            var s = summary!;
            var framesTotal = s.Clips.Count * s.Frames;
            Console.WriteLine($"wrote {s.Clips.Count} clips x {s.Frames} frames at {s.Resolution}x{s.Resolution} (seed {options.Seed}) to {s.Root} " +
                              $"in {s.Elapsed.TotalSeconds:F1} s ({1000 * s.Elapsed.TotalSeconds / framesTotal:F1} ms/frame)");
            Console.WriteLine($"  {DatasetLayout.ListFileName}, {DatasetLayout.VideoFolderName}/*.mp4, {DatasetLayout.CameraFolderName}/*.json, {SyntheticLayout.MetaFolderName}/*.json");
            return 0;
        });
        return command;
    }
}
