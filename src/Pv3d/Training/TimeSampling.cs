using Pv3d.Torch;

namespace Pv3d.Training;

/// <summary>
/// The two frame times of a training clip: one draw from Beta(2,1) and one from Beta(1,2), sorted.
/// Drawn by inverse CDF from uniforms (Beta(2,1) has CDF x², Beta(1,2) has CDF 1 − (1−x)²): the same
/// distribution as official, not the same numbers (official uses torch's and numpy's Beta samplers).
/// </summary>
public static class TimeSampling
{
    /// <summary>Inverse CDF of Beta(2,1): √u.</summary>
    public static double Beta21(double u) => Math.Sqrt(u);

    /// <summary>Inverse CDF of Beta(1,2): 1 − √(1 − u).</summary>
    public static double Beta12(double u) => 1 - Math.Sqrt(1 - u);

    /// <summary>Generator times <c>Ts [batch, 2]</c> (float32, rows sorted), from the global generator.</summary>
    public static Tensor SampleTimes(long batch, Device? device = null)
    {
        using var scope = TensorScope.Enter();
        var u = Tensor.Rand(new[] { batch, 2L }, DType.Float64, device).ToArray<double>();
        var ts = new float[batch * 2];
        for (var b = 0; b < batch; b++)
        {
            var a = Beta21(u[2 * b]);
            var c = Beta12(u[2 * b + 1]);
            ts[2 * b] = (float)Math.Min(a, c);
            ts[2 * b + 1] = (float)Math.Max(a, c);
        }
        var result = Tensor.FromArray(ts, batch, 2);
        if (device is { } d) result = result.To(d);
        return result.MoveToOuterScope();
    }

    /// <summary>
    /// Frame indices of a real clip of <paramref name="numFrames"/> frames: <c>int(Beta·F)</c> for both
    /// draws, sorted, clamped to F−1 (official can index F when a draw is exactly 1).
    /// </summary>
    public static (int Lo, int Hi) FrameIndices(Random random, int numFrames)
    {
        var a = Math.Min((int)(Beta21(random.NextDouble()) * numFrames), numFrames - 1);
        var b = Math.Min((int)(Beta12(random.NextDouble()) * numFrames), numFrames - 1);
        return (Math.Min(a, b), Math.Max(a, b));
    }

    /// <summary>Real times of the frame indices: <c>index/(F−1)</c>.</summary>
    public static (float Lo, float Hi) FrameTimes((int Lo, int Hi) indices, int numFrames) =>
        ((float)indices.Lo / (numFrames - 1), (float)indices.Hi / (numFrames - 1));
}
