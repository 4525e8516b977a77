using Pv3d.Applications.GroundTruth;
using Pv3d.Applications.Inversion;
using Pv3d.Video;

namespace Pv3d.Bench;

/// <summary>
/// <c>applications-gt MODEL OUT.md [--clips 8] [--frames 16] [--steps 300] [--rec-steps 400] [--tune 100] [--seed 1000]
/// [--w-avg-samples 10000] [--figure-clips 3] [--label TEXT]</c>: the ground-truth benchmark of the applications
/// (<see cref="GroundTruthBenchmark"/>); writes the markdown table to OUT.md and the pictures next to it
/// (OUT-inversion.png, OUT-reconstruction.png). Ctrl-C stops after the current step and writes the finished clips.
/// </summary>
public static class ApplicationsGroundTruth
{
    public static int Run(string model, string outPath, string[] rest)
    {
        var settings = Parse(rest);
        var inversion = new ProjectorOptions { Steps = Int(settings, "steps", 300), TuneSteps = Int(settings, "tune", 100), WAvgSamples = Int(settings, "w-avg-samples", 10000) };
        var options = new GroundTruthOptions
        {
            Clips = Int(settings, "clips", 8),
            Frames = Int(settings, "frames", 16),
            DataSeed = Int(settings, "seed", 1000),
            FigureClips = Int(settings, "figure-clips", 3),
            Inversion = inversion,
            Reconstruction = inversion with { Steps = Int(settings, "rec-steps", 400) },
        };
        using var cancel = new CancellationTokenSource();
        Console.CancelKeyPress += (_, e) =>
        {
            e.Cancel = true;
            cancel.Cancel();
            Console.Error.WriteLine("stopping after the current step; the finished clips are written");
        };
        var lastLine = DateTime.MinValue;
        var progress = new Progress(p =>
        {
            if (p.Step != p.Steps && (DateTime.UtcNow - lastLine).TotalSeconds < 30) return;
            lastLine = DateTime.UtcNow;
            Console.WriteLine($"  {p.Stage} {p.Step}/{p.Steps} loss {p.Loss:0.0000}");
        });
        try
        {
            var result = GroundTruthBenchmark.Run(model, options, Console.WriteLine, progress, cancel.Token);
            var stem = Path.Combine(Path.GetDirectoryName(Path.GetFullPath(outPath))!, Path.GetFileNameWithoutExtension(outPath));
            var figures = new List<string>();
            if (GroundTruthFigures.Inversion(result) is { } inv)
            {
                VideoWriter.WritePng(stem + "-inversion.png", inv);
                figures.Add($"![inversion](./{Path.GetFileName(stem)}-inversion.png)");
            }
            if (GroundTruthFigures.Reconstruction(result) is { } rec)
            {
                VideoWriter.WritePng(stem + "-reconstruction.png", rec);
                figures.Add($"![reconstruction](./{Path.GetFileName(stem)}-reconstruction.png)");
            }
            File.WriteAllText(outPath, GroundTruthReport.Markdown(result, settings.GetValueOrDefault("label"), figures));
            Console.WriteLine($"wrote {outPath} ({result.Clips.Count} clips, {result.TotalSeconds / 60:0.0} min){(figures.Count > 0 ? $" and {figures.Count} pictures next to it" : "")}");
            return result.Interrupted ? 130 : 0;
        }
        catch (Pv3dException e)
        {
            Console.Error.WriteLine(e.Message);
            return 2;
        }
    }

    private static readonly string[] Known = { "clips", "frames", "steps", "rec-steps", "tune", "seed", "w-avg-samples", "figure-clips", "label" };

    private static Dictionary<string, string> Parse(string[] args)
    {
        var settings = new Dictionary<string, string>();
        for (var i = 0; i < args.Length; i++)
        {
            if (!args[i].StartsWith("--") || i + 1 >= args.Length) throw new ArgumentException($"expected --name value pairs, got '{args[i]}'");
            var name = args[i][2..];
            if (!Known.Contains(name)) throw new ArgumentException($"unknown option --{name}; known: {string.Join(", ", Known.Select(k => "--" + k))}");
            settings[name] = args[++i];
        }
        return settings;
    }

    private static int Int(Dictionary<string, string> settings, string name, int fallback) =>
        settings.TryGetValue(name, out var v) ? int.Parse(v) : fallback;

    private sealed class Progress(Action<OptimizationProgress> report) : IProgress<OptimizationProgress>
    {
        public void Report(OptimizationProgress value) => report(value);
    }
}
