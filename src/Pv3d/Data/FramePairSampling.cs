namespace Pv3d.Data;

/// <summary>Two frame positions within a span of F frames, and their times in [0, 1].</summary>
public readonly record struct FramePair(int Lo, int Hi, float TimeLo, float TimeHi);

/// <summary>
/// The official bi-frame sampling: a clip offset uniform in [0, max(1, n − F − 1)), then positions
/// int(Beta(2,1)·F) and int(Beta(1,2)·F), sorted; times are position / (F − 1).
/// </summary>
public static class FramePairSampling
{
    /// <summary>The official span, <c>num_frames</c>.</summary>
    public const int DefaultSpan = 16;

    /// <summary>First frame of the span in a clip of <paramref name="count"/> frames.</summary>
    public static int Offset(DataRandom rng, int count, int span) => rng.NextInt(Math.Max(1, count - span - 1));

    public static FramePair Pair(DataRandom rng, int span)
    {
        if (span < 2) throw new ArgumentOutOfRangeException(nameof(span), $"the frame span must be at least 2, got {span}");
        // A Beta(1,2) draw of exactly 1 would give position F (an index error in the official code); clamp it.
        var a = Math.Min((int)(rng.NextBeta21() * span), span - 1);
        var b = Math.Min((int)(rng.NextBeta12() * span), span - 1);
        var (lo, hi) = a <= b ? (a, b) : (b, a);
        return new FramePair(lo, hi, lo / (float)(span - 1), hi / (float)(span - 1));
    }

    /// <summary>
    /// Clip frame of a span position. Clips shorter than the span have offset 0 and the position is clamped to
    /// the last frame (the official reader clamps camera rows the same way).
    /// </summary>
    public static int FrameIndex(int offset, int position, int count) => Math.Min(offset + position, count - 1);
}
