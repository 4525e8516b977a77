using System.Globalization;
using System.Text;
using Pv3d.Applications.Inversion;

namespace Pv3d.Applications.GroundTruth;

/// <summary>
/// The benchmark's results as markdown for <c>docs/applications.md</c>: the settings, a summary table (mean ± standard
/// deviation over clips of each clip's mean), the times, and a table per clip. Numbers use the invariant culture.
/// </summary>
public static class GroundTruthReport
{
    public static string Markdown(GroundTruthResult result, string? modelLabel = null, IReadOnlyList<string>? figures = null)
    {
        var o = result.Options;
        var clips = result.Clips;
        var sb = new StringBuilder();
        sb.AppendLine(Invariant($"Model: {modelLabel ?? Path.GetFileName(result.Model)}. Held-out clips: {clips.Count} (`SyntheticClip.Sample({o.DataSeed}, 0..{clips.Count - 1})`, {o.Frames} frames each){(result.Interrupted ? $" — interrupted after {clips.Count} of {o.Clips}" : "")}."));
        sb.AppendLine(Invariant($"Inversion: {Settings(o.Inversion)}. Reconstruction: {Settings(o.Reconstruction)}, {o.Reconstruction.FramesPerStep} frames per step."));
        sb.AppendLine(Invariant($"Novel views: yaw −30° and +30°, pitch 0 (the clips' own cameras have yaw within about ±32° and pitch within ±11°). Depth: mean absolute error in world units on the true foreground at the neural rendering resolution (the camera is 2.7 from the origin; the head is about 1 wide)."));
        sb.AppendLine();
        sb.AppendLine("| job | pivotal tuning | PSNR fitted views (dB) | SSIM fitted views | PSNR yaw ±30° (dB) | SSIM yaw ±30° | depth MAE fitted views | depth MAE yaw ±30° |");
        sb.AppendLine("| --- | --- | --- | --- | --- | --- | --- | --- |");
        foreach (var (name, pick) in Jobs(o))
        {
            Row(sb, name, "none", clips.Select(c => pick(c).Before).ToList());
            if (clips.Count > 0 && clips.All(c => pick(c).After is not null))
                Row(sb, name, Invariant($"{pick(clips[0]).TuneSteps} steps"), clips.Select(c => pick(c).After!).ToList());
        }
        if (clips.Count > 0)
            sb.AppendLine($"| reference: a flat plane at each view's true median depth | – | – | – | – | – | {Stat(clips.Select(c => c.FlatDepth.Input.MeanAbsolute), "0.000")} | {Stat(clips.Select(c => c.FlatDepth.Novel.MeanAbsolute), "0.000")} |");
        sb.AppendLine();
        sb.AppendLine("| job | s per step (codes) | s per step (tuning) | optimisation per clip (s) |");
        sb.AppendLine("| --- | --- | --- | --- |");
        foreach (var (name, pick) in Jobs(o))
        {
            var tasks = clips.Select(pick).ToList();
            sb.AppendLine($"| {name} | {Number(Median(tasks.Select(t => t.SecondsPerStep)), "0.###")} | {Number(Median(tasks.Select(t => t.SecondsPerTuneStep)), "0.###")} | {Number(Median(tasks.Select(t => t.OptimisationSeconds)), "0.#")} |");
        }
        sb.AppendLine(Invariant($"\nTimes are medians over clips (per step: median of the step-to-step times); the whole run took {result.TotalSeconds / 60:0.#} min."));
        sb.AppendLine();
        sb.AppendLine("| clip | input yaw | inversion PSNR (dB) | inversion ±30° PSNR (dB) | inversion depth MAE | reconstruction PSNR (dB) | reconstruction ±30° PSNR (dB) |");
        sb.AppendLine("| --- | --- | --- | --- | --- | --- | --- |");
        foreach (var c in clips)
            sb.AppendLine(Invariant($"| {c.Name} | {c.InputYawDegrees:+0;−0}° | {Pair(c.Inversion, v => v.Input.MeanPsnr, "0.00")} | {Pair(c.Inversion, v => v.Novel.MeanPsnr, "0.00")} | {Pair(c.Inversion, v => v.InputDepth.MeanAbsolute, "0.000")} | {Pair(c.Reconstruction, v => v.Input.MeanPsnr, "0.00")} | {Pair(c.Reconstruction, v => v.Novel.MeanPsnr, "0.00")} |"));
        sb.AppendLine("\nPer clip: before → after pivotal tuning.");
        if (figures is not null)
            foreach (var f in figures)
            {
                sb.AppendLine();
                sb.AppendLine(f);
            }
        return sb.ToString();
    }

    private static IEnumerable<(string Name, Func<ClipScores, TaskScores> Pick)> Jobs(GroundTruthOptions o) => new (string, Func<ClipScores, TaskScores>)[]
    {
        ("inversion (frame 0, t = 0)", c => c.Inversion),
        (Invariant($"reconstruction ({o.Frames} frames)"), c => c.Reconstruction),
    };

    private static string Settings(ProjectorOptions p) =>
        Invariant($"{(p.Space == LatentSpace.W ? "W" : "W+")}, {p.Steps} steps, lr {p.LearningRate}, {p.WAvgSamples} w_avg samples, pivotal tuning {p.TuneSteps} steps (lr {p.TuneLearningRate}), seed {p.Seed}");

    private static void Row(StringBuilder sb, string job, string tuning, IReadOnlyList<ViewScores> scores) =>
        sb.AppendLine($"| {job} | {tuning} | {Stat(scores.Select(s => s.Input.MeanPsnr), "0.00")} | {Stat(scores.Select(s => s.Input.MeanSsim), "0.000")} | " +
                      $"{Stat(scores.Select(s => s.Novel.MeanPsnr), "0.00")} | {Stat(scores.Select(s => s.Novel.MeanSsim), "0.000")} | " +
                      $"{Stat(scores.Select(s => s.InputDepth.MeanAbsolute), "0.000")} | {Stat(scores.Select(s => s.NovelDepth.MeanAbsolute), "0.000")} |");

    /// <summary>mean ± sample standard deviation (just the mean for one value).</summary>
    public static string Stat(IEnumerable<double> values, string format)
    {
        var v = values.Where(double.IsFinite).ToArray();
        if (v.Length == 0) return "–";
        var mean = v.Average();
        if (v.Length == 1) return mean.ToString(format, CultureInfo.InvariantCulture);
        var sd = Math.Sqrt(v.Sum(x => (x - mean) * (x - mean)) / (v.Length - 1));
        return $"{mean.ToString(format, CultureInfo.InvariantCulture)} ± {sd.ToString(format, CultureInfo.InvariantCulture)}";
    }

    private static string Pair(TaskScores t, Func<ViewScores, double> f, string format) =>
        t.After is null ? f(t.Before).ToString(format, CultureInfo.InvariantCulture)
            : $"{f(t.Before).ToString(format, CultureInfo.InvariantCulture)} → {f(t.After).ToString(format, CultureInfo.InvariantCulture)}";

    private static string Number(double value, string format) => double.IsFinite(value) ? value.ToString(format, CultureInfo.InvariantCulture) : "–";

    private static double Median(IEnumerable<double> values)
    {
        var v = values.Where(double.IsFinite).Order().ToArray();
        if (v.Length == 0) return double.NaN;
        return v.Length % 2 == 1 ? v[v.Length / 2] : (v[v.Length / 2 - 1] + v[v.Length / 2]) / 2;
    }

    private static string Invariant(FormattableString s) => s.ToString(CultureInfo.InvariantCulture);
}
