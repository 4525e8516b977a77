using Pv3d.Video;

namespace Pv3d.Tests.Video;

internal static class TestFrames
{
    /// <summary>Smooth moving gradients (compress well, so lossy codecs stay close to the input).</summary>
    public static RgbFrames Gradients(int count, int height, int width)
    {
        var frames = new RgbFrames(count, height, width);
        for (var t = 0; t < count; t++)
        for (var y = 0; y < height; y++)
        for (var x = 0; x < width; x++)
        {
            var o = (((long)t * height + y) * width + x) * 3;
            frames.Data[o] = (byte)(40 + 160 * x / Math.Max(1, width - 1));
            frames.Data[o + 1] = (byte)(40 + 160 * y / Math.Max(1, height - 1));
            frames.Data[o + 2] = (byte)(40 + 150 * t / Math.Max(1, count - 1));
        }
        return frames;
    }

    /// <summary>Every byte different from its neighbours (for lossless checks).</summary>
    public static RgbFrames Noise(int count, int height, int width, int seed)
    {
        var frames = new RgbFrames(count, height, width);
        new Random(seed).NextBytes(frames.Data);
        return frames;
    }

    public static double MeanAbsDifference(RgbFrames a, RgbFrames b)
    {
        Assert.Equal(a.Data.Length, b.Data.Length);
        double sum = 0;
        for (var i = 0; i < a.Data.Length; i++) sum += Math.Abs(a.Data[i] - b.Data[i]);
        return sum / a.Data.Length;
    }

    public static string TempDir()
    {
        var dir = Path.Combine(Path.GetTempPath(), "pv3d-tests-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(dir);
        return dir;
    }
}
