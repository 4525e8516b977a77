using System.Globalization;

namespace Pv3d.Video;

/// <summary>What ffprobe reports about the first video stream of a file.</summary>
public sealed record VideoInfo(int Width, int Height, int FrameCount, string Codec, string PixelFormat);

/// <summary>Decodes videos and images (anything ffmpeg reads) to RGB frames.</summary>
public static class VideoReader
{
    /// <summary>Size, exact frame count (every frame is decoded to count it), codec and pixel format.</summary>
    public static VideoInfo Probe(string path) => Probe(path, countFrames: true);

    /// <summary>Without <paramref name="countFrames"/> nothing is decoded and the frame count is reported as 0.</summary>
    private static VideoInfo Probe(string path, bool countFrames)
    {
        CheckExists(path);
        var args = new List<string> { "-v", "error", "-select_streams", "v:0" };
        if (countFrames) args.Add("-count_frames");
        args.AddRange(new[]
        {
            "-show_entries", "stream=width,height,nb_read_frames,codec_name,pix_fmt",
            "-of", "default=noprint_wrappers=1", path,
        });
        var output = FfmpegProcess.Run(FfmpegProcess.Ffprobe, args, path);
        var fields = new Dictionary<string, string>();
        foreach (var line in System.Text.Encoding.UTF8.GetString(output).Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            var eq = line.IndexOf('=');
            if (eq > 0) fields[line[..eq]] = line[(eq + 1)..];
        }
        if (!fields.ContainsKey("width")) throw new Pv3dException($"{path}: no video stream found");
        return new VideoInfo(Int(fields, "width", path), Int(fields, "height", path),
            fields.TryGetValue("nb_read_frames", out var n) && int.TryParse(n, NumberStyles.Integer, CultureInfo.InvariantCulture, out var count) ? count : 0,
            fields.GetValueOrDefault("codec_name", "?"), fields.GetValueOrDefault("pix_fmt", "?"));
    }

    /// <summary>All frames of the first video stream as rgb24.</summary>
    public static RgbFrames Read(string path)
    {
        // The frame count follows from the decoded bytes; counting frames in the probe would decode twice.
        var info = Probe(path, countFrames: false);
        var data = FfmpegProcess.Run(FfmpegProcess.Ffmpeg, new[]
        {
            "-hide_banner", "-nostdin", "-loglevel", "error", "-i", path,
            "-map", "0:v:0", "-f", "rawvideo", "-pix_fmt", "rgb24", "pipe:1",
        }, path);
        var frameBytes = (long)info.Width * info.Height * 3;
        if (data.Length == 0 || data.Length % frameBytes != 0)
            throw new Pv3dException($"{path}: decoded {data.Length} bytes, not a whole number of {info.Width}x{info.Height} frames");
        return new RgbFrames((int)(data.Length / frameBytes), info.Height, info.Width, data);
    }

    private static int Int(Dictionary<string, string> fields, string key, string path) =>
        fields.TryGetValue(key, out var s) && int.TryParse(s, NumberStyles.Integer, CultureInfo.InvariantCulture, out var v)
            ? v
            : throw new Pv3dException($"{path}: ffprobe did not report the video {key}");

    private static void CheckExists(string path)
    {
        if (!File.Exists(path)) throw new Pv3dException($"{path}: no such file");
    }
}
