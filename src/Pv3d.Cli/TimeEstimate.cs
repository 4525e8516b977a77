using System.Diagnostics;
using System.Globalization;
using Spectre.Console;

namespace Pv3d.Cli;

/// <summary>
/// The one line a long job prints after its first unit of work (a frame batch, a video, an optimisation step):
/// "WHAT: estimated time ~T in all (U per UNIT after D of N)". The clock runs from when the estimate is made (less
/// <paramref name="alreadyElapsed"/>, work done before it was made) or from the first report of nothing done yet
/// (a job announcing its start after loading), so loading is not extrapolated; the first unit's one-off costs are,
/// so the estimate errs on the long side.
/// </summary>
public sealed class TimeEstimate(string what, string unit, TimeSpan alreadyElapsed = default)
{
    private readonly Stopwatch _clock = Stopwatch.StartNew();
    private bool _restarted, _printed;
    private TimeSpan _offset = alreadyElapsed;

    /// <summary>The line, the first time something is done; null before and for ever after.</summary>
    public string? Observe(double done, double total)
    {
        if (_printed || total <= 0) return null;
        if (done <= 0)
        {
            if (_restarted) return null;
            (_restarted, _offset) = (true, TimeSpan.Zero);
            _clock.Restart();
            return null;
        }
        _printed = true;
        var elapsed = (_clock.Elapsed + _offset).TotalSeconds;
        var perUnit = elapsed / done;
        return string.Create(CultureInfo.InvariantCulture,
            $"{what}: estimated time ~{Duration(perUnit * total)} in all ({Duration(perUnit)} per {unit} after {done:0.##} of {total:0.##})");
    }

    /// <summary><see cref="Observe"/>, printing the line (it appears above a live progress display).</summary>
    public void Report(double done, double total)
    {
        if (Observe(done, total) is { } line) AnsiConsole.MarkupLine(Markup.Escape(line));
    }

    /// <summary>"0.42 s", "12 s", "3 min 20 s", "2 h 05 min", "3 d 4 h".</summary>
    public static string Duration(double seconds)
    {
        if (double.IsNaN(seconds) || seconds < 0) return "?";
        if (seconds < 10) return string.Create(CultureInfo.InvariantCulture, $"{seconds:0.##} s");
        if (seconds < 60) return string.Create(CultureInfo.InvariantCulture, $"{seconds:0} s");
        var t = TimeSpan.FromSeconds(Math.Min(seconds, TimeSpan.MaxValue.TotalSeconds / 2));
        if (seconds < 3600) return $"{(int)t.TotalMinutes} min {t.Seconds:00} s";
        if (seconds < 86400) return $"{(int)t.TotalHours} h {t.Minutes:00} min";
        return $"{(int)t.TotalDays} d {t.Hours} h";
    }
}
