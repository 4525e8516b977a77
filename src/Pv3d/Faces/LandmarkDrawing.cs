using Pv3d.Video;

namespace Pv3d.Faces;

/// <summary>Draws landmarks and boxes into RGB frames for previews (plain pixel writes, no fonts).</summary>
public static class LandmarkDrawing
{
    /// <summary>Dots of the given radius (pixels) at each landmark of frame 0, in place.</summary>
    public static void Dots(RgbFrames frames, double[,] points, int radius, (byte R, byte G, byte B) colour)
    {
        var data = frames.Frame(0);
        for (var i = 0; i < points.GetLength(0); i++)
        {
            int cx = (int)Math.Floor(points[i, 0]), cy = (int)Math.Floor(points[i, 1]);
            for (var dy = -radius; dy <= radius; dy++)
                for (var dx = -radius; dx <= radius; dx++)
                {
                    if (dx * dx + dy * dy > radius * radius + radius) continue;
                    Put(data, frames.Width, frames.Height, cx + dx, cy + dy, colour);
                }
        }
    }

    /// <summary>A rectangle outline of the given thickness on frame 0, in place.</summary>
    public static void Box(RgbFrames frames, double x, double y, double w, double h, int thickness, (byte R, byte G, byte B) colour)
    {
        var data = frames.Frame(0);
        int x0 = (int)Math.Round(x), y0 = (int)Math.Round(y), x1 = (int)Math.Round(x + w), y1 = (int)Math.Round(y + h);
        for (var t = 0; t < thickness; t++)
        {
            for (var i = x0; i <= x1; i++) { Put(data, frames.Width, frames.Height, i, y0 + t, colour); Put(data, frames.Width, frames.Height, i, y1 - t, colour); }
            for (var j = y0; j <= y1; j++) { Put(data, frames.Width, frames.Height, x0 + t, j, colour); Put(data, frames.Width, frames.Height, x1 - t, j, colour); }
        }
    }

    private static void Put(Span<byte> data, int width, int height, int x, int y, (byte R, byte G, byte B) c)
    {
        if ((uint)x >= (uint)width || (uint)y >= (uint)height) return;
        var o = (y * width + x) * 3;
        data[o] = c.R; data[o + 1] = c.G; data[o + 2] = c.B;
    }
}
