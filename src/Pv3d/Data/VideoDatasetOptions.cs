namespace Pv3d.Data;

/// <summary>How a <see cref="VideoDataset"/> reads and augments clips.</summary>
public sealed record VideoDatasetOptions
{
    /// <summary>Side of the square training frames (official 512).</summary>
    public int Resolution { get; init; } = 512;

    /// <summary>Frames spanned by one item's two samples (official <c>num_frames</c> 16).</summary>
    public int Span { get; init; } = FramePairSampling.DefaultSpan;

    /// <summary>Probability of mirroring an item (images and cameras); official 0.5.</summary>
    public double FlipProbability { get; init; } = 0.5;

    /// <summary>
    /// Bytes of decoded frames kept in memory (least recently used clips are dropped first). Decoding a clip
    /// is far slower than slicing two frames out of memory, so a cache that holds the dataset keeps training
    /// from being decode-bound.
    /// </summary>
    public long CacheBytes { get; init; } = 4L << 30;

    /// <summary>Skip clips that cannot be read (missing, corrupt, mismatched cameras) instead of failing.</summary>
    public bool SkipBadClips { get; init; }

    /// <summary>Receives one line per skipped clip.</summary>
    public Action<string>? Warn { get; init; }

    public void Validate()
    {
        if (Resolution < 1) throw new Pv3dException($"dataset resolution must be positive, got {Resolution}");
        if (Span < 2) throw new Pv3dException($"dataset frame span must be at least 2, got {Span}");
        if (!(FlipProbability >= 0 && FlipProbability <= 1)) throw new Pv3dException($"flip probability must be within 0..1, got {FlipProbability}");
        if (CacheBytes < 0) throw new Pv3dException($"cache size must not be negative, got {CacheBytes}");
    }
}
