namespace Pv3d.Data;

/// <summary>
/// A small, fully specified random generator (SplitMix64) for data sampling. Its whole state is one
/// number, so a sampler can be recreated from a seed and a position (e.g. for resuming training).
/// </summary>
public sealed class DataRandom
{
    private ulong _state;

    public DataRandom(ulong seed) => _state = seed;

    /// <summary>A generator for stream <paramref name="stream"/> of <paramref name="seed"/> (independent streams).</summary>
    public static DataRandom ForStream(ulong seed, ulong stream) => new(Mix(seed ^ Mix(stream + 0x632BE59BD9B4E019UL)));

    public ulong NextUInt64() => Mix(_state += 0x9E3779B97F4A7C15UL);

    /// <summary>Uniform in [0, 1) with 53 random bits.</summary>
    public double NextDouble() => (NextUInt64() >> 11) * (1.0 / (1UL << 53));

    /// <summary>Uniform integer in [0, n).</summary>
    public int NextInt(int n)
    {
        if (n < 1) throw new ArgumentOutOfRangeException(nameof(n), $"the range must be positive, got {n}");
        return (int)(NextDouble() * n);
    }

    private static ulong Mix(ulong z)
    {
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
        return z ^ (z >> 31);
    }
}
