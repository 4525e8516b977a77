using System.Diagnostics;
using Pv3d.Applications.Inversion;

namespace Pv3d.Applications.GroundTruth;

/// <summary>
/// Times an optimisation from its progress reports (one per finished step, in order): the median time between two
/// consecutive steps of the same stage, so the first step of a stage (which also pays for w_avg or the optimiser's set-up)
/// and a step slowed by a busy machine do not skew it. Reports are passed on to <paramref name="inner"/>.
/// </summary>
public sealed class StepTimer(IProgress<OptimizationProgress>? inner = null) : IProgress<OptimizationProgress>
{
    private readonly Stopwatch _clock = Stopwatch.StartNew();
    private readonly Dictionary<string, List<double>> _gaps = new();
    private string? _lastStage;
    private double _lastTime;

    public void Report(OptimizationProgress value)
    {
        var now = _clock.Elapsed.TotalSeconds;
        if (_lastStage == value.Stage)
        {
            if (!_gaps.TryGetValue(value.Stage, out var gaps)) _gaps[value.Stage] = gaps = new List<double>();
            gaps.Add(now - _lastTime);
        }
        _lastStage = value.Stage;
        _lastTime = now;
        inner?.Report(value);
    }

    /// <summary>Median seconds per step of <paramref name="stage"/> ("inversion", "tuning"); NaN with fewer than two steps.</summary>
    public double SecondsPerStep(string stage)
    {
        if (!_gaps.TryGetValue(stage, out var gaps) || gaps.Count == 0) return double.NaN;
        var sorted = gaps.Order().ToArray();
        var mid = sorted.Length / 2;
        return sorted.Length % 2 == 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
    }
}
