using System.Globalization;
using Pv3d.Torch.IO;

namespace Pv3d.Video;

/// <summary>Writes frames as MP4 (H.264), looping GIF or PNG through the ffmpeg executable (raw RGB on stdin).</summary>
public static class VideoWriter
{
    public const double DefaultFps = 25;

    /// <summary>
    /// H.264 in MP4, yuv420p (plays everywhere). Odd widths or heights are padded by one black pixel,
    /// since yuv420p needs even sizes. <paramref name="crf"/>: x264 quality (0 lossless luma, 18 visually clean).
    /// </summary>
    public static void WriteMp4(string path, RgbFrames frames, double fps = DefaultFps, int crf = 18)
    {
        using var encoder = VideoEncoder.Mp4(path, frames.Width, frames.Height, fps, crf);
        encoder.Append(frames);
        encoder.Complete();
    }

    /// <summary>An animated GIF that loops forever; each frame gets its own 256-colour palette (colours drift over a video).</summary>
    public static void WriteGif(string path, RgbFrames frames, double fps = DefaultFps)
    {
        using var encoder = VideoEncoder.Gif(path, frames.Width, frames.Height, fps);
        encoder.Append(frames);
        encoder.Complete();
    }

    /// <summary>ffmpeg's arguments for <see cref="WriteMp4"/> (raw RGB frames of width x height on stdin, the file at <paramref name="output"/>).</summary>
    internal static List<string> Mp4Arguments(string path, int width, int height, double fps, int crf, string output)
    {
        CheckFps(fps, path);
        if (crf is < 0 or > 51) throw new Pv3dException($"{path}: crf must be within 0..51, got {crf}");
        var args = RawInput(width, height, fps);
        if (width % 2 != 0 || height % 2 != 0) args.AddRange(new[] { "-vf", "pad=ceil(iw/2)*2:ceil(ih/2)*2" });
        args.AddRange(new[]
        {
            "-c:v", "libx264", "-pix_fmt", "yuv420p", "-crf", crf.ToString(CultureInfo.InvariantCulture),
            "-preset", "medium", "-movflags", "+faststart", "-f", "mp4", output,
        });
        return args;
    }

    /// <summary>ffmpeg's arguments for <see cref="WriteGif"/>: a palette per frame (stats_mode=single), so frames can stream.</summary>
    internal static List<string> GifArguments(string path, int width, int height, double fps, string output)
    {
        CheckFps(fps, path);
        var args = RawInput(width, height, fps);
        args.AddRange(new[]
        {
            "-filter_complex", "[0:v]split[a][b];[a]palettegen=stats_mode=single[p];[b][p]paletteuse=new=1:dither=sierra2_4a",
            "-loop", "0", "-f", "gif", output,
        });
        return args;
    }

    /// <summary>A single image (a one-frame sequence) as PNG, lossless.</summary>
    public static void WritePng(string path, RgbFrames image)
    {
        if (image.Count != 1) throw new ArgumentException($"a PNG holds one frame, got {image.Count}", nameof(image));
        var args = RawInput(image.Width, image.Height, DefaultFps);
        args.AddRange(new[] { "-frames:v", "1", "-c:v", "png", "-f", "image2pipe" });
        Encode(path, args, image);
    }

    private static List<string> RawInput(int width, int height, double fps) => new()
    {
        "-hide_banner", "-nostdin", "-loglevel", "error", "-y",
        "-f", "rawvideo", "-pix_fmt", "rgb24",
        "-s", $"{width}x{height}",
        "-framerate", fps.ToString("R", CultureInfo.InvariantCulture),
        "-i", "pipe:0",
    };

    private static void Encode(string path, List<string> args, RgbFrames frames) =>
        AtomicFile.WriteVia(path, temp =>
        {
            args.Add(temp);
            FfmpegProcess.Run(FfmpegProcess.Ffmpeg, args, path, frames.Data);
        });

    private static void CheckFps(double fps, string path)
    {
        if (!(fps > 0) || double.IsInfinity(fps)) throw new Pv3dException($"{path}: fps must be positive, got {fps}");
    }
}
