using Pv3d.Torch;

namespace Pv3d.Data;

/// <summary>Two frame positions within a span of F frames, and their times in [0, 1].</summary>
public readonly record struct FramePair(int Lo, int Hi, float TimeLo, float TimeHi);

/// <summary>
/// The official bi-frame sampling, for real clips and for the generator: one time from Beta(2,1) and one from
/// Beta(1,2), sorted. Real clips take a clip offset uniform in [0, max(1, n − F − 1)), then positions
/// int(Beta(2,1)·F) and int(Beta(1,2)·F), sorted, with times position / (F − 1); the generator takes the two
/// Beta draws themselves as times. Both Betas are drawn by inverse CDF from uniforms: the official distributions,
/// not the official numbers (official uses numpy's and torch's Beta samplers).
/// </summary>
public static class FramePairSampling
{
    /// <summary>The official span, <c>num_frames</c>.</summary>
    public const int DefaultSpan = 16;

    /// <summary>Beta(2,1) (density 2x) from a uniform <paramref name="u"/>: √u, the inverse of its CDF x².</summary>
    public static double Beta21(double u) => Math.Sqrt(u);

    /// <summary>
    /// Beta(1,2) (density 2(1 − x)) from a uniform <paramref name="u"/>: 1 − √u, the inverse of its CDF 1 − (1 − x)²
    /// applied to the uniform 1 − u.
    /// </summary>
    public static double Beta12(double u) => 1.0 - Math.Sqrt(u);

    /// <summary>First frame of the span in a clip of <paramref name="count"/> frames.</summary>
    public static int Offset(DataRandom rng, int count, int span) => rng.NextInt(Math.Max(1, count - span - 1));

    public static FramePair Pair(DataRandom rng, int span)
    {
        if (span < 2) throw new ArgumentOutOfRangeException(nameof(span), $"the frame span must be at least 2, got {span}");
        // A Beta(1,2) draw of exactly 1 would give position F (an index error in the official code); clamp it.
        var a = Math.Min((int)(Beta21(rng.NextDouble()) * span), span - 1);
        var b = Math.Min((int)(Beta12(rng.NextDouble()) * span), span - 1);
        var (lo, hi) = a <= b ? (a, b) : (b, a);
        return new FramePair(lo, hi, lo / (float)(span - 1), hi / (float)(span - 1));
    }

    /// <summary>
    /// Clip frame of a span position. Clips shorter than the span have offset 0 and the position is clamped to
    /// the last frame (the official reader clamps camera rows the same way).
    /// </summary>
    public static int FrameIndex(int offset, int position, int count) => Math.Min(offset + position, count - 1);

    /// <summary>
    /// The generator's frame times <c>Ts [batch, 2]</c> (float32, rows sorted), drawn from libtorch's global generator
    /// so that a seeded training run repeats them.
    /// </summary>
    public static Tensor GeneratorTimes(long batch, Device? device = null)
    {
        using var scope = TensorScope.Enter();
        var u = Tensor.Rand(new[] { batch, 2L }, DType.Float64, device).ToArray<double>();
        var ts = new float[batch * 2];
        for (var b = 0; b < batch; b++)
        {
            var a = Beta21(u[2 * b]);
            var c = Beta12(1 - u[2 * b + 1]);
            ts[2 * b] = (float)Math.Min(a, c);
            ts[2 * b + 1] = (float)Math.Max(a, c);
        }
        var result = Tensor.FromArray(ts, batch, 2);
        if (device is { } d) result = result.To(d);
        return result.MoveToOuterScope();
    }
}
