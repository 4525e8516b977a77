using Pv3d.Torch.IO;

namespace Pv3d.Video;

/// <summary>
/// A video file written frame by frame: an ffmpeg process encodes frames as they are appended, so memory does not
/// grow with the number of frames. The file appears under its name only on <see cref="Complete"/> (an atomic write,
/// <see cref="PendingFile"/>); disposing an encoder that was not completed stops ffmpeg and leaves no file. The
/// ffmpeg arguments are <see cref="VideoWriter"/>'s, so a streamed file is byte for byte the file that
/// <see cref="VideoWriter.WriteMp4"/> or <see cref="VideoWriter.WriteGif"/> writes from the same frames.
/// </summary>
public sealed class VideoEncoder : IDisposable
{
    private readonly PendingFile _file;
    private readonly FfmpegPipe _pipe;
    private bool _completed;

    private VideoEncoder(string path, int width, int height, Func<string, List<string>> arguments)
    {
        if (width < 1 || height < 1) throw new ArgumentOutOfRangeException(nameof(width), $"frames need a positive size, got {width}x{height}");
        Path = path;
        Width = width;
        Height = height;
        _file = new PendingFile(path);
        try
        {
            _pipe = new FfmpegPipe(arguments(_file.TempPath), path);
        }
        catch
        {
            _file.Dispose();
            throw;
        }
    }

    /// <summary>H.264 in MP4 as <see cref="VideoWriter.WriteMp4"/> writes it.</summary>
    public static VideoEncoder Mp4(string path, int width, int height, double fps = VideoWriter.DefaultFps, int crf = 18) =>
        new(path, width, height, temp => VideoWriter.Mp4Arguments(path, width, height, fps, crf, temp));

    /// <summary>A looping GIF as <see cref="VideoWriter.WriteGif"/> writes it.</summary>
    public static VideoEncoder Gif(string path, int width, int height, double fps = VideoWriter.DefaultFps) =>
        new(path, width, height, temp => VideoWriter.GifArguments(path, width, height, fps, temp));

    public string Path { get; }
    public int Width { get; }
    public int Height { get; }

    /// <summary>Frames appended so far.</summary>
    public int FramesWritten { get; private set; }

    /// <summary>Sends frames of this encoder's size to ffmpeg.</summary>
    public void Append(RgbFrames frames)
    {
        if (_completed) throw new InvalidOperationException($"{Path}: already completed");
        if (frames.Width != Width || frames.Height != Height)
            throw new ArgumentException($"{Path}: frames of {frames.Width}x{frames.Height} cannot follow frames of {Width}x{Height}", nameof(frames));
        _pipe.Write(frames.Data);
        FramesWritten += frames.Count;
    }

    /// <summary>Finishes the encoding and puts the file in place.</summary>
    public void Complete()
    {
        if (FramesWritten == 0) throw new InvalidOperationException($"{Path}: no frames were appended");
        _completed = true;
        _pipe.Finish();
        _file.Commit();
    }

    public void Dispose()
    {
        _pipe.Dispose();
        _file.Dispose();
    }
}
