namespace Pv3d.Tests.Distributed;

/// <summary>Runs one body per rank on its own thread (collectives block until every rank has joined them).</summary>
internal static class DistributedTestRanks
{
    public static T[] Run<T>(int worldSize, Func<int, T> body, TimeSpan? limit = null)
    {
        var tasks = Enumerable.Range(0, worldSize)
            .Select(rank => Task.Factory.StartNew(() => body(rank), CancellationToken.None, TaskCreationOptions.LongRunning, TaskScheduler.Default))
            .ToArray();
        if (!Task.WaitAll(tasks, limit ?? TimeSpan.FromSeconds(60))) throw new TimeoutException("a rank did not finish");
        return tasks.Select(t => t.Result).ToArray();
    }

    /// <summary>A fresh FileStore path (c10d deletes the file when the last process closes it).</summary>
    public static string StoreFile() => Path.Combine(Path.GetTempPath(), $"pv3d-store-{Guid.NewGuid():N}");
}
