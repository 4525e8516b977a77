namespace Pv3d.Video;

/// <summary>How depth frames are coloured: near surfaces are bright (grayscale) or yellow (viridis).</summary>
public enum DepthColorMap
{
    Grayscale,
    Viridis,
}

internal static class DepthColorTables
{
    // Viridis sampled at 0, 1/8, ..., 1 (dark purple → yellow); linear interpolation between samples.
    private static readonly (byte R, byte G, byte B)[] ViridisStops =
    {
        (68, 1, 84), (71, 44, 122), (59, 81, 139), (44, 113, 142), (33, 144, 141),
        (39, 173, 129), (92, 200, 99), (170, 220, 50), (253, 231, 37),
    };

    private static readonly Lazy<byte[]> ViridisTable = new(() => Build(ViridisStops));

    /// <summary>256 RGB entries (768 bytes) indexed by the normalised level.</summary>
    public static byte[] For(DepthColorMap map) => map switch
    {
        DepthColorMap.Grayscale => GrayTable.Value,
        DepthColorMap.Viridis => ViridisTable.Value,
        _ => throw new ArgumentOutOfRangeException(nameof(map), map, "unknown depth colour map"),
    };

    private static readonly Lazy<byte[]> GrayTable = new(() =>
    {
        var table = new byte[256 * 3];
        for (var i = 0; i < 256; i++) table[3 * i] = table[3 * i + 1] = table[3 * i + 2] = (byte)i;
        return table;
    });

    private static byte[] Build((byte R, byte G, byte B)[] stops)
    {
        var table = new byte[256 * 3];
        var segments = stops.Length - 1;
        for (var i = 0; i < 256; i++)
        {
            var x = i / 255.0 * segments;
            var k = Math.Min((int)x, segments - 1);
            var f = x - k;
            table[3 * i] = Mix(stops[k].R, stops[k + 1].R, f);
            table[3 * i + 1] = Mix(stops[k].G, stops[k + 1].G, f);
            table[3 * i + 2] = Mix(stops[k].B, stops[k + 1].B, f);
        }
        return table;
    }

    private static byte Mix(byte a, byte b, double f) => (byte)Math.Round(a + (b - a) * f);
}
