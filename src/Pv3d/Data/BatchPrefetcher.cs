namespace Pv3d.Data;

/// <summary>
/// Makes batch u + 1 on a worker thread while batch u is being used, so decoding and item assembly overlap
/// training. Batches are a pure function of their number, so prefetching changes no values. Batches are always
/// made on a worker thread, so they belong to no <see cref="Pv3d.Torch.TensorScope"/>: the caller disposes every
/// batch it takes; a prefetched batch that is never taken is disposed here.
/// </summary>
public sealed class BatchPrefetcher : IDisposable
{
    private readonly Func<long, DatasetBatch> _make;
    private (long Number, Task<DatasetBatch> Task)? _pending;

    public BatchPrefetcher(Func<long, DatasetBatch> make) => _make = make;

    /// <summary>Batch <paramref name="number"/> (from the prefetch when it was the one expected); starts the next one.</summary>
    public DatasetBatch Take(long number)
    {
        DatasetBatch batch;
        if (_pending is { } p && p.Number == number)
        {
            _pending = null;
            batch = p.Task.GetAwaiter().GetResult();
        }
        else
        {
            DropPending();
            batch = Task.Run(() => _make(number)).GetAwaiter().GetResult();
        }
        var next = number + 1;
        _pending = (next, Task.Run(() => _make(next)));
        return batch;
    }

    public void Dispose() => DropPending();

    private void DropPending()
    {
        if (_pending is not { } p) return;
        _pending = null;
        try { p.Task.GetAwaiter().GetResult().Dispose(); }
        catch (Exception) { /* a failed prefetch nobody asked for is not an error; Take recomputes */ }
    }
}
