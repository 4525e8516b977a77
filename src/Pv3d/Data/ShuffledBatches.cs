namespace Pv3d.Data;

/// <summary>
/// Batches of item indices like a shuffling loader that drops the last partial batch: each epoch is a fresh
/// permutation. Batch n depends only on the seed and n, so a resumed run continues the same sequence.
/// </summary>
public sealed class ShuffledBatches
{
    private readonly int _count;
    private readonly ulong _seed;

    public ShuffledBatches(int count, int batchSize, ulong seed)
    {
        if (batchSize < 1) throw new Pv3dException($"batch size must be positive, got {batchSize}");
        if (count < batchSize) throw new Pv3dException($"the dataset has {count} clips, fewer than one batch of {batchSize}");
        _count = count;
        BatchSize = batchSize;
        _seed = seed;
    }

    public int BatchSize { get; }
    public int BatchesPerEpoch => _count / BatchSize;

    /// <summary>The item indices of batch <paramref name="batchNumber"/> (0-based over the whole run).</summary>
    public int[] Batch(long batchNumber)
    {
        if (batchNumber < 0) throw new ArgumentOutOfRangeException(nameof(batchNumber));
        var epoch = batchNumber / BatchesPerEpoch;
        var position = (int)(batchNumber % BatchesPerEpoch);
        var order = Permutation(epoch);
        return order.AsSpan(position * BatchSize, BatchSize).ToArray();
    }

    private int[] Permutation(long epoch)
    {
        var rng = DataRandom.ForStream(_seed, (ulong)epoch);
        var order = Enumerable.Range(0, _count).ToArray();
        for (var i = _count - 1; i > 0; i--)
        {
            var j = rng.NextInt(i + 1);
            (order[i], order[j]) = (order[j], order[i]);
        }
        return order;
    }
}
