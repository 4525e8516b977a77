using Spectre.Console;

namespace Pv3d.Cli;

/// <summary>The progress display every long command uses: description, bar, percentage, elapsed and remaining time.</summary>
public static class CliProgress
{
    /// <summary>Runs <paramref name="work"/> under a live progress display that stays on screen when it ends.</summary>
    public static void Run(Action<ProgressContext> work) =>
        AnsiConsole.Progress()
            .AutoClear(false)
            .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new ElapsedTimeColumn(), new RemainingTimeColumn())
            .Start(work);

    /// <summary>An <see cref="IProgress{T}"/> that reports on the calling thread (<see cref="Progress{T}"/> would post to the thread pool and arrive late).</summary>
    public sealed class Sync<T>(Action<T> report) : IProgress<T>
    {
        public void Report(T value) => report(value);
    }
}
