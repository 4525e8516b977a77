using System.CommandLine;
using Pv3d.Faces;
using Pv3d.Applications.DatasetPreparation;
using Spectre.Console;

namespace Pv3d.Cli.Commands;

/// <summary><c>pv3d dataset prepare</c>: raw talking-head videos to a dataset in the official layout.</summary>
public static class DatasetPrepareCommand
{
    public static Command Create()
    {
        var videos = new Option<string>("--videos") { Description = "A folder of videos or a text file listing video paths", Required = true };
        var output = new Option<string>("--out") { Description = "Dataset folder (created; videos already done there are skipped)", Required = true };
        var size = new Option<int>("--size") { Description = "Side of the aligned frames", DefaultValueFactory = _ => 512 };
        var fps = new Option<double>("--fps") { Description = "Frames per second to sample (0: every frame)", DefaultValueFactory = _ => 25 };
        var threshold = new Option<double>("--identity-threshold") { Description = "Largest descriptor distance to the clip's mean for a frame to count as the same person", DefaultValueFactory = _ => 0.5 };
        var landmarks = new Option<string?>("--landmarks") { Description = "A folder of given landmarks, STEM.json per video (68 [x, y] per sampled frame): skips detection and tracking" };
        var pitchOffset = new Option<double>("--pitch-offset")
        {
            Description = "Degrees added to the estimated pitch: the correction for human faces (default), 0 for faces shaped like the synthetic heads",
            DefaultValueFactory = _ => Pv3d.Faces.Camera.HeadPoseCamera.HumanPitchOffsetDegrees,
        };
        var command = new Command("prepare",
            "Detect, track, align and estimate cameras for raw talking-head videos, verify identity, and write the official layout");
        foreach (var option in new Option[] { videos, output, size, fps, threshold, landmarks, pitchOffset }) command.Options.Add(option);
        command.SetAction(parse =>
        {
            var options = new DatasetPrepareOptions
            {
                Videos = parse.GetValue(videos)!,
                OutputDir = parse.GetValue(output)!,
                Size = parse.GetValue(size),
                Fps = parse.GetValue(fps),
                IdentityThreshold = parse.GetValue(threshold),
                Landmarks = parse.GetValue(landmarks),
                PitchOffset = parse.GetValue(pitchOffset),
            };
            options.Validate();
            using var cancel = new CancellationTokenSource();
            ConsoleCancelEventHandler onCancel = (_, e) => { e.Cancel = true; cancel.Cancel(); };
            Console.CancelKeyPress += onCancel;
            try
            {
                using var analyzer = new FaceAnalyzer();
                var preparer = new DatasetPreparer(analyzer);
                DatasetPrepareSummary? summary = null;
                var messages = new List<string>();
                AnsiConsole.Progress().AutoClear(false)
                    .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new ElapsedTimeColumn())
                    .Start(context =>
                    {
                        var task = context.AddTask("videos", maxValue: 1);
                        summary = preparer.Run(options, new Progress(p =>
                        {
                            task.MaxValue = p.Videos;
                            task.Value = p.Video + (double)p.Frame / Math.Max(1, p.Frames);
                            task.Description = Markup.Escape($"{p.Name} ({p.Video + 1}/{p.Videos})");
                        }), messages.Add, cancel.Token);
                        task.Value = task.MaxValue;
                    });
                foreach (var m in messages) Console.Error.WriteLine(m);
                var s = summary!;
                Console.WriteLine($"{s.Kept} clips in {s.Root} ({s.Dropped} dropped, {s.Failed} failed) in {s.Elapsed.TotalSeconds:0} s");
                foreach (var v in s.Videos) Console.WriteLine($"  {v.Name}: {v.Outcome} ({v.Detail})");
                if (s.Interrupted)
                {
                    Console.Error.WriteLine("interrupted: finished videos are kept; run again to continue");
                    return 130;
                }
            }
            catch (OperationCanceledException)
            {
                Console.Error.WriteLine("interrupted: finished videos are kept; run again to continue");
                return 130;
            }
            finally { Console.CancelKeyPress -= onCancel; }
            return 0;
        });
        return command;
    }

    private sealed class Progress(Action<DatasetPrepareProgress> report) : IProgress<DatasetPrepareProgress>
    {
        public void Report(DatasetPrepareProgress value) => report(value);
    }
}
