namespace Pv3d.Training.Loop;

/// <summary>
/// How one update's batch of B videos is cut for data-parallel training: into <see cref="ShardCount"/> equal shards,
/// <see cref="RoundsPerRank"/> of them processed one after another by each of <see cref="WorldSize"/> ranks (the
/// official code's <c>batch_gpu</c> rounds). Rank r takes the consecutive shards r·R … r·R + R − 1. Every shard draws
/// its randomness from its own stream (seed, update, phase, shard), so the shards, their gradients and the averaged
/// result do not depend on which rank processed them: 1 rank × 2 rounds and 2 ranks × 1 round compute the same update.
/// One shard (the default) is the plain single-process update.
/// </summary>
public sealed record BatchShards(int Rank, int WorldSize, int RoundsPerRank)
{
    public static readonly BatchShards Single = new(0, 1, 1);

    public int ShardCount => WorldSize * RoundsPerRank;

    /// <summary>The global index of this rank's round <paramref name="round"/>.</summary>
    public int ShardOf(int round) => Rank * RoundsPerRank + round;

    /// <summary>Videos per shard; refuses a batch that does not split evenly.</summary>
    public int ShardSize(int batchSize)
    {
        if (batchSize % ShardCount != 0)
            throw new Pv3dException(
                $"training.batch_size {batchSize} does not split into {ShardCount} equal shards ({WorldSize} process(es) × {RoundsPerRank} round(s)); choose a batch size divisible by {ShardCount}");
        return batchSize / ShardCount;
    }

    public void Validate()
    {
        if (WorldSize < 1 || RoundsPerRank < 1 || Rank < 0 || Rank >= WorldSize)
            throw new ArgumentException($"bad shard plan: rank {Rank} of {WorldSize}, {RoundsPerRank} round(s)");
    }
}
