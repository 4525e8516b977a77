using System.Diagnostics;
using System.Globalization;
using System.Text.RegularExpressions;
using Pv3d.Cli;
using Pv3d.Tests.Checkpoints;

namespace Pv3d.Tests.Cli;

/// <summary>
/// Issue 12 item 13: long jobs print one line with the estimated total time after their first unit of work
/// (generate: a batch of frames; evaluate: a video; invert/reconstruct: a step of each stage).
/// </summary>
[Collection(GlobalRandomCollection.Name)]
public sealed class TimeEstimateTests(TinyCheckpointFixture fx) : IClassFixture<TinyCheckpointFixture>
{
    [Fact]
    public void TheLineComesOnceAfterTheFirstUnitAndExtrapolatesFromTheFirstReportOfNothingDone()
    {
        var estimate = new TimeEstimate("job", "frame");
        Thread.Sleep(300); // loading: not extrapolated, since the job reports its start
        Assert.Null(estimate.Observe(0, 10));
        Thread.Sleep(200);
        var line = estimate.Observe(2, 10);
        Assert.NotNull(line);
        var m = Regex.Match(line!, @"^job: estimated time ~(?<total>[0-9.]+) s in all \((?<unit>[0-9.]+) s per frame after 2 of 10\)$");
        Assert.True(m.Success, line);
        var perUnit = double.Parse(m.Groups["unit"].Value, CultureInfo.InvariantCulture);
        Assert.InRange(perUnit, 0.09, 0.2);   // 0.2 s for 2 frames, not the 0.5 s since construction
        Assert.Null(estimate.Observe(3, 10)); // one line only
        Assert.Null(estimate.Observe(0, 10));

        // Work done before the estimate was made counts when given.
        var late = new TimeEstimate("stage", "step", TimeSpan.FromSeconds(30));
        Assert.StartsWith("stage: estimated time ~5 min 00 s in all (30 s per step after 1 of 10)", late.Observe(1, 10));
    }

    [Theory]
    [InlineData(0.5, "0.5 s")]
    [InlineData(42, "42 s")]
    [InlineData(200, "3 min 20 s")]
    [InlineData(7500, "2 h 05 min")]
    [InlineData(3 * 86400 + 4 * 3600, "3 d 4 h")]
    public void DurationsReadNaturally(double seconds, string text) => Assert.Equal(text, TimeEstimate.Duration(seconds));

    private static (int Code, string Output, double Seconds) Run(params string[] args)
    {
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true };
        start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "Pv3d.Cli.dll"));
        foreach (var a in args) start.ArgumentList.Add(a);
        var clock = Stopwatch.StartNew();
        using var process = Process.Start(start)!;
        var stderr = process.StandardError.ReadToEndAsync();
        var output = process.StandardOutput.ReadToEnd();
        process.WaitForExit();
        return (process.ExitCode, output + stderr.Result, clock.Elapsed.TotalSeconds);
    }

    private static double Seconds(string duration)
    {
        var m = Regex.Match(duration, @"^(?:(?<min>\d+) min )?(?<s>[0-9.]+) s$");
        Assert.True(m.Success, duration);
        return (m.Groups["min"].Success ? 60 * int.Parse(m.Groups["min"].Value) : 0) + double.Parse(m.Groups["s"].Value, CultureInfo.InvariantCulture);
    }

    [Fact]
    public void GenerateAndEvaluatePrintASaneEstimate()
    {
        var outDir = fx.File("estimate-gen");
        // 2 seeds of 3 frames, each rendered for the video and the two side rows of the grid: 18 frames.
        var gen = Run("generate", "--checkpoint", fx.CheckpointPath, "--seeds", "0-1", "--frames", "3", "--rendering-resolution", "8", "--out", outDir);
        Assert.True(gen.Code == 0, gen.Output);
        var m = Regex.Match(gen.Output, @"generate: estimated time ~(?<total>.+?) in all \((?<unit>.+?) per frame after (?<done>\d+) of 18\)");
        Assert.True(m.Success, gen.Output);
        Assert.Single(Regex.Matches(gen.Output, "estimated time"));
        // Sane: the rendering the estimate covers took no more than the whole process, and not far less than estimated.
        var estimated = Seconds(m.Groups["total"].Value);
        var rendering = double.Parse(Regex.Match(gen.Output, @"written in (?<s>[0-9.]+) s").Groups["s"].Value, CultureInfo.InvariantCulture);
        Assert.InRange(estimated, rendering / 10, rendering * 10);

        var eval = Run("evaluate", "cd", "--checkpoint", fx.CheckpointPath, "--num-videos", "2", "--rendering-resolution", "8");
        Assert.True(eval.Code == 0, eval.Output);
        Assert.Matches(@"evaluate cd: estimated time ~.+ in all \(.+ per video after 1 of 2\)", eval.Output);
    }
}
