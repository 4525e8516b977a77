using System.ComponentModel;
using System.Diagnostics;

namespace Pv3d.Video;

/// <summary>
/// An ffmpeg process fed on stdin piece by piece (frames as they are rendered), with stdout and stderr drained
/// concurrently so that it never blocks on a full pipe. <see cref="Finish"/> closes stdin and waits; disposing
/// an unfinished pipe kills and reaps the process. Given the same bytes, ffmpeg's output does not depend on how
/// they were split into writes, so a streamed file equals one written in a single <see cref="FfmpegProcess.Run"/>.
/// </summary>
internal sealed class FfmpegPipe : IDisposable
{
    private readonly Process _process;
    private readonly string _what;
    private readonly Task _stdout;
    private readonly Task<string> _stderr;
    private readonly Stream _stdin;
    private bool _finished;

    /// <param name="what">The file being made, for error messages.</param>
    public FfmpegPipe(IReadOnlyList<string> arguments, string what)
    {
        _what = what;
        var executable = FfmpegProcess.Ffmpeg;
        var info = new ProcessStartInfo(executable)
        {
            UseShellExecute = false,
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            CreateNoWindow = true,
        };
        foreach (var a in arguments) info.ArgumentList.Add(a);
        try
        {
            _process = Process.Start(info) ?? throw new Pv3dException($"{what}: could not start '{executable}'");
        }
        catch (Win32Exception e)
        {
            throw new Pv3dException(
                $"{what}: cannot run '{executable}' ({e.Message}); install ffmpeg (for example 'apt-get install ffmpeg') or set PV3D_FFMPEG to its path", e);
        }
        _stdout = _process.StandardOutput.BaseStream.CopyToAsync(Stream.Null);
        _stderr = _process.StandardError.ReadToEndAsync();
        _stdin = _process.StandardInput.BaseStream;
    }

    /// <summary>Writes bytes to ffmpeg's stdin (blocks while ffmpeg is busy: the pipe is its only buffer).</summary>
    public void Write(ReadOnlySpan<byte> bytes)
    {
        if (_finished) throw new InvalidOperationException($"{_what}: the encoder has finished");
        try
        {
            _stdin.Write(bytes);
        }
        catch (IOException)
        {
            // ffmpeg stopped reading: it failed, and its stderr says why.
            Fail();
        }
    }

    /// <summary>Closes stdin and waits for ffmpeg; a failure becomes a <see cref="Pv3dException"/> with the end of its stderr.</summary>
    public void Finish()
    {
        if (_finished) throw new InvalidOperationException($"{_what}: the encoder has finished");
        var pipeBroken = false;
        try
        {
            _stdin.Flush();
            _process.StandardInput.Close();
        }
        catch (IOException)
        {
            pipeBroken = true;
        }
        _process.WaitForExit();
        _finished = true;
        var stderr = _stderr.GetAwaiter().GetResult();
        _stdout.GetAwaiter().GetResult();
        if (_process.ExitCode != 0 || pipeBroken)
            throw new Pv3dException($"{_what}: ffmpeg failed (exit code {_process.ExitCode}): {FfmpegProcess.Tail(stderr)}");
    }

    private void Fail()
    {
        try { _process.StandardInput.Close(); } catch (IOException) { }
        _process.WaitForExit();
        _finished = true;
        var stderr = _stderr.GetAwaiter().GetResult();
        throw new Pv3dException($"{_what}: ffmpeg failed (exit code {_process.ExitCode}): {FfmpegProcess.Tail(stderr)}");
    }

    public void Dispose()
    {
        if (!_finished)
        {
            _finished = true;
            FfmpegProcess.KillAndReap(_process);
            try { _process.StandardInput.Close(); } catch (IOException) { }
        }
        _process.Dispose();
    }
}
