namespace Pv3d.Cli.Commands;

/// <summary>
/// A token cancelled by the first Ctrl-C (the process keeps running so that the command can write what it has); a second
/// Ctrl-C ends the process as usual.
/// </summary>
internal static class CancelOnCtrlC
{
    private static readonly Lazy<CancellationTokenSource> Source = new(() =>
    {
        var source = new CancellationTokenSource();
        Console.CancelKeyPress += (_, e) =>
        {
            if (source.IsCancellationRequested) return;
            e.Cancel = true;
            Console.Error.WriteLine("interrupted: finishing the current step and writing what there is (Ctrl-C again to quit at once)");
            source.Cancel();
        };
        return source;
    });

    public static CancellationToken Token => Source.Value.Token;
}
