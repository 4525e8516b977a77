using System.CommandLine;
using Pv3d.Applications.Generation;
using Pv3d.Checkpoints;
using Pv3d.Rendering.Cameras;
using Pv3d.Video;
using Spectre.Console;

namespace Pv3d.Cli.Commands;

/// <summary><c>pv3d generate</c>: videos, multi-view grids and depth videos from a generator checkpoint.</summary>
public static class GenerateCommand
{
    public static Command Create()
    {
        var checkpoint = CliOptions.Checkpoint();
        var seeds = new Option<string?>("--seeds") { Description = "Seeds, one video each: 0-3, 0,5,7 or both (default 0)" }.Sets(SeedList.Setting);
        var seed = new Option<long?>("--seed") { Description = "A single seed (same as --seeds N)" };
        var output = CliOptions.Out("Output folder (created if missing)", required: false, defaultValue: "generated").Sets(nameof(GenerateOptions.OutputDir));
        var frames = new Option<int>("--frames") { Description = "Frames per video (time runs from 0 to 1)", DefaultValueFactory = _ => 16 };
        var camera = new Option<string>("--camera") { Description = "Camera path: frontal, yaw-sweep, orbit, or a JSON camera file ([frame_name, [25 numbers]] entries)", DefaultValueFactory = _ => "frontal" };
        var yawRange = new Option<double?>("--yaw-range") { Description = "Yaw amplitude in degrees for yaw-sweep and orbit (default 20.05, the official 0.35 rad)" };
        var pitchRange = new Option<double?>("--pitch-range") { Description = "Pitch amplitude in degrees (default: 0 for yaw-sweep, 14.32 = 0.25 rad for orbit)" };
        var psi = new Option<double>("--truncation-psi") { Description = "Truncation psi (1 = none)", DefaultValueFactory = _ => 1.0 };
        var cutoff = new Option<int?>("--truncation-cutoff") { Description = "Truncate only the first K ws (default: all)" };
        var fixMotion = new Option<bool>("--fix-motion") { Description = "Use the first seed's motion code for every video" };
        var fixAppearance = new Option<bool>("--fix-appearance") { Description = "Use the first seed's appearance code for every video" };
        var network = new Option<string>("--network") { Description = "generator_ema (default) or generator", DefaultValueFactory = _ => GeneratorNetworks.Ema };
        var config = new Option<string?>("--config") { Description = "Config file (official YAML or our JSON) for checkpoints that store none" }.Sets(nameof(GenerateOptions.ConfigPath));
        var resolution = new Option<long?>("--rendering-resolution") { Description = "Neural rendering resolution (default: the checkpoint's training.rendering_resolution)" };
        var fps = new Option<double>("--fps") { Description = "Frames per second of the videos", DefaultValueFactory = _ => VideoWriter.DefaultFps };
        var batch = new Option<int>("--batch-size") { Description = "Frames rendered together (speed and memory only; results do not depend on it). 1 is fastest on CPU; larger batches help on a GPU", DefaultValueFactory = _ => 1 };
        var gridColumns = new Option<int>("--grid-columns") { Description = "Time columns of the multi-view grid image", DefaultValueFactory = _ => 8 };
        var depthColors = new Option<DepthColorMap>("--depth-colormap") { Description = "Depth video colours: Grayscale or Viridis", DefaultValueFactory = _ => DepthColorMap.Grayscale };
        var threads = CliOptions.Threads();

        var command = new Command("generate",
            "Per seed: a video (MP4 + GIF) along a camera path, a multi-view grid (rows yaw -30/0/+30 degrees, columns time; PNG + MP4) and a depth video");
        foreach (var option in new Option[] { checkpoint, seeds, seed, output, frames, camera, yawRange, pitchRange, psi, cutoff, fixMotion, fixAppearance,
                     network, config, resolution, fps, batch, gridColumns, depthColors, threads })
            command.Options.Add(option);

        command.SetAction(parse =>
        {
            CliOptions.ApplyThreads(parse, threads);
            var seedList = SeedsOf(parse.GetValue(seeds), parse.GetValue(seed));
            var options = new GenerateOptions
            {
                CheckpointPath = CliOptions.CheckpointOrBundled(parse, checkpoint),
                Network = parse.GetValue(network)!,
                ConfigPath = parse.GetValue(config),
                RenderingResolution = parse.GetValue(resolution),
                Seeds = seedList,
                OutputDir = parse.GetValue(output)!,
                Video = new VideoGenerationOptions
                {
                    Frames = parse.GetValue(frames),
                    Trajectory = CameraTrajectory.Parse(parse.GetValue(camera)!, Radians(parse.GetValue(yawRange), "--yaw-range"), Radians(parse.GetValue(pitchRange), "--pitch-range")),
                    TruncationPsi = parse.GetValue(psi),
                    TruncationCutoff = parse.GetValue(cutoff),
                    FixMotion = parse.GetValue(fixMotion),
                    FixAppearance = parse.GetValue(fixAppearance),
                    Fps = parse.GetValue(fps),
                    BatchSize = parse.GetValue(batch),
                    GridColumns = parse.GetValue(gridColumns),
                    DepthColorMap = parse.GetValue(depthColors),
                },
            };
            var clock = System.Diagnostics.Stopwatch.StartNew();
            var summary = RunWithProgress(options);
            var elapsed = clock.Elapsed;
            WriteSummary(summary, options.Video);
            AnsiConsole.MarkupLine(Markup.Escape(
                $"{summary.FramesRendered} frames rendered and written in {elapsed.TotalSeconds:F1} s ({elapsed.TotalSeconds / Math.Max(1, summary.FramesRendered):F2} s/frame), " +
                $"peak memory {System.Diagnostics.Process.GetCurrentProcess().PeakWorkingSet64 / (1024 * 1024)} MiB"));
            return 0;
        });
        return command;
    }

    private static IReadOnlyList<long> SeedsOf(string? seeds, long? seed)
    {
        if (seeds is not null && seed is not null) throw new Pv3dException("give either --seeds or --seed, not both");
        if (seed is { } s)
        {
            if (s < 0) throw new Pv3dException($"--seed must not be negative, got {s}");
            return new[] { s };
        }
        return SeedList.Parse(seeds ?? "0");
    }

    private static double? Radians(double? degrees, string option)
    {
        if (degrees is not { } d) return null;
        if (!double.IsFinite(d) || Math.Abs(d) > 89) throw new Pv3dException($"{option} must be within -89..89 degrees, got {d}");
        return d * Math.PI / 180;
    }

    private static GenerateSummary RunWithProgress(GenerateOptions options)
    {
        GenerateSummary? summary = null;
        CliProgress.Run(context =>
        {
            var tasks = options.Seeds.Select(s => context.AddTask($"seed {s}", autoStart: false)).ToArray();
            var estimate = new TimeEstimate("generate", "frame");
            summary = GenerateRunner.Run(options, new CliProgress.Sync<GenerationProgress>(p =>
            {
                // The first unit is the first batch of times from every view (its planes are synthesised once for all).
                var firstBatch = Math.Min(options.Video.BatchSize, options.Video.Frames) * (p.FramesTotal / options.Video.Frames);
                if (p.Stage != GenerationStage.Writing && (p.FramesDone == 0 || p.FramesDone >= firstBatch || p.VideoIndex > 0))
                    estimate.Report((double)p.VideoIndex * p.FramesTotal + p.FramesDone, (double)p.VideoCount * p.FramesTotal);
                var task = tasks[p.VideoIndex];
                if (!task.IsStarted) task.StartTask();
                task.MaxValue = p.FramesTotal;
                task.Value = p.FramesDone;
                task.Description = Markup.Escape($"seed {p.Seed}: {p.Describe()}");
                if (p.Stage == GenerationStage.Writing) task.StopTask();
            }));
            foreach (var task in tasks) task.Description = task.Description.Replace(": writing", ": done");
        });
        return summary!;
    }

    private static void WriteSummary(GenerateSummary summary, VideoGenerationOptions options)
    {
        var table = new Table().AddColumn("seed").AddColumn("what").AddColumn("file").AddColumn("size").AddColumn("frames");
        foreach (var f in summary.Files)
            table.AddRow(f.Seed.ToString(), f.Kind.ToString(), Markup.Escape(f.Path), $"{f.Width}x{f.Height}", f.Frames.ToString());
        AnsiConsole.Write(table);
        AnsiConsole.MarkupLine(Markup.Escape(
            $"{summary.Files.Count} files; camera {options.Trajectory.Name}, {options.Frames} frames at {options.Fps} fps, " +
            $"rendering resolution {summary.RenderingResolution}, psi {options.TruncationPsi}"));
    }
}
