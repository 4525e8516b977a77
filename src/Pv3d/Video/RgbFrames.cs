using Pv3d.Torch;

namespace Pv3d.Video;

/// <summary>
/// A sequence of 8-bit RGB frames stored frame-major, row-major, interleaved ([T, H, W, 3], the layout
/// ffmpeg's rgb24 pipes use). A single image is a sequence of one frame.
/// </summary>
public sealed class RgbFrames
{
    public RgbFrames(int count, int height, int width, byte[]? data = null)
    {
        if (count < 1 || height < 1 || width < 1)
            throw new ArgumentOutOfRangeException(nameof(count), $"frames need a positive count and size, got {count} x {height} x {width}");
        Count = count;
        Height = height;
        Width = width;
        var length = checked((long)count * height * width * 3);
        if (data is not null && data.LongLength != length)
            throw new ArgumentException($"frame data has {data.LongLength} bytes, expected {length} for {count} x {height} x {width} x 3", nameof(data));
        Data = data ?? new byte[length];
    }

    public int Count { get; }
    public int Height { get; }
    public int Width { get; }

    /// <summary>[T, H, W, 3] bytes.</summary>
    public byte[] Data { get; }

    public int FrameBytes => Height * Width * 3;

    public Span<byte> Frame(int index)
    {
        if ((uint)index >= (uint)Count) throw new ArgumentOutOfRangeException(nameof(index), $"frame {index} of {Count}");
        return Data.AsSpan(index * FrameBytes, FrameBytes);
    }

    /// <summary>The RGB value at (frame, row, column).</summary>
    public (byte R, byte G, byte B) Pixel(int frame, int row, int column)
    {
        var offset = ((long)frame * Height * Width + (long)row * Width + column) * 3;
        return (Data[offset], Data[offset + 1], Data[offset + 2]);
    }

    /// <summary>A new sequence holding the given frames of this one, in order.</summary>
    public RgbFrames Select(IReadOnlyList<int> indices)
    {
        var result = new RgbFrames(indices.Count, Height, Width);
        for (var i = 0; i < indices.Count; i++) Frame(indices[i]).CopyTo(result.Frame(i));
        return result;
    }

    /// <summary>Frames as a tensor [T, 3, H, W]: uint8 as stored, or float32 in [0, 1] when <paramref name="asFloat"/>.</summary>
    public Tensor ToTensor(bool asFloat = false)
    {
        using var scope = TensorScope.Enter();
        var hwc = Tensor.FromArray(Data, Count, Height, Width, 3);
        var chw = hwc.Permute(0, 3, 1, 2).Contiguous();
        var result = asFloat ? chw.To(DType.Float32).Div(255.0) : chw;
        return result.MoveToOuterScope();
    }

    /// <summary>Frames from a uint8 tensor [T, 3, H, W] (any device).</summary>
    public static RgbFrames FromTensor(Tensor frames)
    {
        if (frames.Dim != 4 || frames.Size(1) != 3 || frames.DType != DType.UInt8)
            throw new ArgumentException($"expected uint8 frames [T, 3, H, W], got {frames}", nameof(frames));
        using var scope = TensorScope.Enter();
        var hwc = frames.Cpu().Permute(0, 2, 3, 1).Contiguous();
        return new RgbFrames((int)frames.Size(0), (int)frames.Size(2), (int)frames.Size(3), hwc.ToArray<byte>());
    }

    /// <summary>Concatenates sequences of the same size along time.</summary>
    public static RgbFrames Concat(IReadOnlyList<RgbFrames> parts)
    {
        if (parts.Count == 0) throw new ArgumentException("nothing to concatenate", nameof(parts));
        var first = parts[0];
        var result = new RgbFrames(parts.Sum(p => p.Count), first.Height, first.Width);
        var offset = 0;
        foreach (var part in parts)
        {
            if (part.Height != first.Height || part.Width != first.Width)
                throw new ArgumentException($"frames of {part.Height}x{part.Width} cannot follow frames of {first.Height}x{first.Width}", nameof(parts));
            part.Data.CopyTo(result.Data, offset);
            offset += part.Data.Length;
        }
        return result;
    }
}
