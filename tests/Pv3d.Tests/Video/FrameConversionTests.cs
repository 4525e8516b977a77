using Pv3d.Torch;
using Pv3d.Video;

namespace Pv3d.Tests.Video;

public class FrameConversionTests
{
    [Fact]
    public void ImagesMapLikeTheOfficialScripts()
    {
        // [1, 3, 1, 5]: per channel values -2, -1, 0, 0.5, 1 (and shifted per channel).
        var values = new float[] { -2, -1, 0, 0.5f, 1, 3, 1, -1, 0.25f, -0.5f, 0, 0, 0, 0, 0.999f };
        using var images = Tensor.FromArray(values, 1, 3, 1, 5);
        var frames = FrameConversion.ImagesToFrames(images);
        Assert.Equal((1, 1, 5), (frames.Count, frames.Height, frames.Width));
        for (var x = 0; x < 5; x++)
        {
            var (r, g, b) = frames.Pixel(0, 0, x);
            Assert.Equal(Expected(values[x]), r);
            Assert.Equal(Expected(values[5 + x]), g);
            Assert.Equal(Expected(values[10 + x]), b);
        }
        Assert.Equal(127, frames.Pixel(0, 0, 2).R); // 127.5 truncates
    }

    private static byte Expected(float v)
    {
        var c = Math.Clamp(v, -1f, 1f);
        return (byte)(int)((c + 1f) / 2f * 255f);
    }

    [Fact]
    public void DepthIsNormalisedOverTheWholeVideoNearBright()
    {
        // Two frames 2x2: depths 2..3.
        using var depth = Tensor.FromArray(new float[] { 2, 2.5f, 2.5f, 3, 3, 3, 3, 3 }, 2, 1, 2, 2);
        var frames = FrameConversion.DepthToFrames(depth, 2, 2);
        Assert.Equal((2, 2, 2), (frames.Count, frames.Height, frames.Width));
        Assert.Equal((255, 255, 255), ToInts(frames.Pixel(0, 0, 0)));
        Assert.Equal((128, 128, 128), ToInts(frames.Pixel(0, 0, 1)));
        Assert.Equal((0, 0, 0), ToInts(frames.Pixel(0, 1, 1)));
        Assert.Equal((0, 0, 0), ToInts(frames.Pixel(1, 0, 0))); // frame 1 is all far: not stretched on its own
    }

    [Fact]
    public void DepthIsResizedAndColourMapped()
    {
        using var depth = Tensor.FromArray(new float[] { 1, 1, 5, 5 }, 1, 1, 2, 2);
        var frames = FrameConversion.DepthToFrames(depth, 8, 6, DepthColorMap.Viridis, new DepthRange(1, 5));
        Assert.Equal((1, 8, 6), (frames.Count, frames.Height, frames.Width));
        Assert.Equal((253, 231, 37), ToInts(frames.Pixel(0, 0, 0))); // near: viridis yellow
        Assert.Equal((68, 1, 84), ToInts(frames.Pixel(0, 7, 5)));    // far: viridis purple
    }

    [Fact]
    public void ConstantDepthDoesNotDivideByZero()
    {
        using var depth = Tensor.Full(new long[] { 1, 1, 3, 3 }, 2.7);
        var frames = FrameConversion.DepthToFrames(depth, 3, 3);
        Assert.All(frames.Data, b => Assert.Equal(255, b));
    }

    private static (int, int, int) ToInts((byte R, byte G, byte B) p) => (p.R, p.G, p.B);
}
