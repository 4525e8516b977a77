using Pv3d.Torch;

namespace Pv3d.Video;

/// <summary>Turns generator outputs into displayable 8-bit frames.</summary>
public static class FrameConversion
{
    /// <summary>
    /// Images [N, 3, H, W] in [-1, 1] → frames: clamp, (x + 1) / 2 · 255, then cast to uint8 by
    /// truncation, exactly as the official scripts do before writing videos.
    /// </summary>
    public static RgbFrames ImagesToFrames(Tensor images)
    {
        if (images.Dim != 4 || images.Size(1) != 3)
            throw new ArgumentException($"expected images [N, 3, H, W], got {images}", nameof(images));
        using var scope = TensorScope.Enter();
        var bytes = images.Detach().Clamp(-1, 1).Add(1).Div(2).Mul(255).To(DType.UInt8);
        return RgbFrames.FromTensor(bytes);
    }

    /// <summary>
    /// Depth maps [N, 1, R, R] → frames of <paramref name="height"/> x <paramref name="width"/>: depths are mapped
    /// linearly so that <paramref name="range"/>.Near is level 255 and .Far level 0 (clamped), resized bilinearly, and
    /// coloured by <paramref name="colorMap"/>. Without a range, the nearest and farthest depth over all N frames are
    /// used, so one video shares one scale and does not flicker.
    /// </summary>
    public static RgbFrames DepthToFrames(Tensor depth, int height, int width,
        DepthColorMap colorMap = DepthColorMap.Grayscale, DepthRange? range = null)
    {
        if (depth.Dim != 4 || depth.Size(1) != 1)
            throw new ArgumentException($"expected depth [N, 1, H, W], got {depth}", nameof(depth));
        using var scope = TensorScope.Enter();
        var d = depth.Detach().To(DType.Float32).Cpu();
        var r = range ?? DepthRange.Of(d);
        var span = r.Far - r.Near;
        var level = span > 0 ? d.Sub(r.Far).Div(-span) : Tensor.OnesLike(d);
        var resized = Functional.Interpolate(level.Clamp(0, 1), (height, width), InterpolateMode.Bilinear, antialias: true);
        var levels = resized.Clamp(0, 1).Mul(255).Round().To(DType.UInt8).Contiguous().ToArray<byte>();

        var table = DepthColorTables.For(colorMap);
        var frames = new RgbFrames((int)d.Size(0), height, width);
        var output = frames.Data;
        for (var i = 0; i < levels.Length; i++)
        {
            var entry = levels[i] * 3;
            output[3 * i] = table[entry];
            output[3 * i + 1] = table[entry + 1];
            output[3 * i + 2] = table[entry + 2];
        }
        return frames;
    }
}

/// <summary>The depths shown brightest (<see cref="Near"/>) and darkest (<see cref="Far"/>).</summary>
public readonly record struct DepthRange(double Near, double Far)
{
    /// <summary>The range shown when no depth is finite.</summary>
    public static readonly DepthRange Fallback = new(0, 1);

    /// <summary>The smallest and largest finite value of <paramref name="depth"/> (<see cref="Fallback"/> when there is none).</summary>
    public static DepthRange Of(Tensor depth) =>
        OfFinite(depth.Detach().To(DType.Float32).Cpu().Contiguous().ToArray<float>()) ?? Fallback;

    /// <summary>The smallest and largest finite value of <paramref name="values"/>; null when none is finite.</summary>
    public static DepthRange? OfFinite(ReadOnlySpan<float> values)
    {
        double near = double.PositiveInfinity, far = double.NegativeInfinity;
        foreach (var v in values)
        {
            if (!float.IsFinite(v)) continue;
            near = Math.Min(near, v);
            far = Math.Max(far, v);
        }
        return double.IsFinite(near) ? new DepthRange(near, far) : null;
    }

    /// <summary>The range covering both (either may be null: nothing finite seen yet).</summary>
    public static DepthRange? Union(DepthRange? a, DepthRange? b) =>
        a is not { } x ? b : b is not { } y ? x : new DepthRange(Math.Min(x.Near, y.Near), Math.Max(x.Far, y.Far));
}
