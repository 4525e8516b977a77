using System.CommandLine;
using Pv3d.Applications.Inversion;
using Pv3d.Metrics;
using Spectre.Console;

namespace Pv3d.Cli.Commands;

/// <summary>Options of the optimising commands (invert, reconstruct, animate) and their progress display.</summary>
internal sealed class FitOptions(int defaultSteps)
{
    public Option<int> Steps { get; } = new("--steps") { Description = "Optimisation steps of the codes", DefaultValueFactory = _ => defaultSteps };
    public Option<string> Space { get; } = new("--space") { Description = "w (one w for all layers) or w+ (one per layer)", DefaultValueFactory = _ => "w+" };
    public Option<int> Tune { get; } = new("--tune-generator") { Description = "Pivotal tuning steps of the generator after the codes are found (0 = none); writes tuned_generator.safetensors", DefaultValueFactory = _ => 0 };
    public Option<long> Seed { get; } = new("--seed") { Description = "Seed of w_avg's samples, the noise on w and the frame order (same seed, same result)", DefaultValueFactory = _ => 0 };
    public Option<double> LearningRate { get; } = new("--lr") { Description = "Peak learning rate of the codes", DefaultValueFactory = _ => 0.01 };
    public Option<int> WAvgSamples { get; } = new("--w-avg-samples") { Description = "Random z mapped to estimate w_avg and w_std", DefaultValueFactory = _ => 10000 };
    public Option<double> MsSsimWeight { get; } = new("--ms-ssim-weight") { Description = "Weight of the 1 - MS-SSIM term (the pixel term is MSE, weight 1)", DefaultValueFactory = _ => 1.0 };
    public Option<double> L1Weight { get; } = new("--l1-weight") { Description = "Weight of an extra L1 pixel term", DefaultValueFactory = _ => 0.0 };

    public Option<string?> Vgg { get; } = new("--vgg") { Description = "torchvision's VGG16 weights (vgg16-397923af.pth): with --lpips, adds LPIPS-VGG to the loss and the metrics" };
    public Option<string?> Lpips { get; } = new("--lpips") { Description = "The LPIPS linear layers for VGG (the lpips package's weights/v0.1/vgg.pth)" };
    public Option<double> LpipsWeight { get; } = new("--lpips-weight") { Description = "Weight of the LPIPS term", DefaultValueFactory = _ => 1.0 };

    public IEnumerable<Option> All => new Option[] { Steps, Space, Tune, Seed, LearningRate, WAvgSamples, MsSsimWeight, L1Weight, Vgg, Lpips, LpipsWeight };

    /// <summary>LPIPS-VGG from --vgg and --lpips (both or neither); the caller disposes it.</summary>
    public LpipsVgg? LoadLpips(ParseResult parse)
    {
        var vgg = parse.GetValue(Vgg);
        var lin = parse.GetValue(Lpips);
        if (vgg is null && lin is null) return null;
        if (vgg is null || lin is null) throw new Pv3dException("LPIPS needs both --vgg (VGG16 weights) and --lpips (the LPIPS linear layers)");
        return LpipsVgg.Load(vgg, lin);
    }

    public ProjectorOptions Parse(ParseResult parse, int framesPerStep = 4, LpipsVgg? lpips = null)
    {
        var space = parse.GetValue(Space)!.Trim().ToLowerInvariant() switch
        {
            "w" => LatentSpace.W,
            "w+" or "wplus" => LatentSpace.WPlus,
            var other => throw new Pv3dException($"--space must be w or w+, got '{other}'"),
        };
        var options = new ProjectorOptions
        {
            Steps = parse.GetValue(Steps),
            Space = space,
            TuneSteps = parse.GetValue(Tune),
            Seed = parse.GetValue(Seed),
            LearningRate = parse.GetValue(LearningRate),
            WAvgSamples = parse.GetValue(WAvgSamples),
            FramesPerStep = framesPerStep,
            Loss = new FitLoss { MsSsim = parse.GetValue(MsSsimWeight), L1 = parse.GetValue(L1Weight), LpipsWeight = parse.GetValue(LpipsWeight), Lpips = lpips },
        };
        options.Validate();
        return options;
    }

    /// <summary>Runs <paramref name="work"/> with a progress bar per stage showing the current loss.</summary>
    public static T WithProgress<T>(Func<IProgress<OptimizationProgress>, T> work)
    {
        T result = default!;
        AnsiConsole.Progress().AutoClear(false)
            .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new ElapsedTimeColumn(), new RemainingTimeColumn())
            .Start(context =>
            {
                var tasks = new Dictionary<string, ProgressTask>();
                var estimates = new Dictionary<string, TimeEstimate>();
                var sinceReport = System.Diagnostics.Stopwatch.StartNew(); // a stage starts where the one before it ended
                result = work(new Sync(p =>
                {
                    if (!tasks.TryGetValue(p.Stage, out var task)) tasks[p.Stage] = task = context.AddTask(p.Stage, maxValue: p.Steps);
                    if (!estimates.TryGetValue(p.Stage, out var estimate))
                        estimates[p.Stage] = estimate = new TimeEstimate(p.Stage, "step", sinceReport.Elapsed);
                    estimate.Report(p.Step, p.Steps);
                    sinceReport.Restart();
                    task.Value = p.Step;
                    task.Description = Markup.Escape($"{p.Stage} {p.Step}/{p.Steps} loss {p.Loss:0.0000}");
                }));
            });
        return result;
    }

    private sealed class Sync(Action<OptimizationProgress> report) : IProgress<OptimizationProgress>
    {
        public void Report(OptimizationProgress value) => report(value);
    }
}
