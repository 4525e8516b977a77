using System.ComponentModel;
using System.Diagnostics;

namespace Pv3d.Video;

/// <summary>
/// Runs the ffmpeg or ffprobe executable with an optional stdin payload, capturing stdout and stderr
/// concurrently (no pipe deadlocks). The process is always reaped, and killed if we stop early.
/// </summary>
internal static class FfmpegProcess
{
    private const int StderrTailChars = 1500;

    /// <summary>The ffmpeg executable: <c>PV3D_FFMPEG</c> if set, else <c>ffmpeg</c> on the PATH.</summary>
    public static string Ffmpeg => Environment.GetEnvironmentVariable("PV3D_FFMPEG") is { Length: > 0 } p ? p : "ffmpeg";

    /// <summary>The ffprobe executable: <c>PV3D_FFPROBE</c> if set, else <c>ffprobe</c> on the PATH.</summary>
    public static string Ffprobe => Environment.GetEnvironmentVariable("PV3D_FFPROBE") is { Length: > 0 } p ? p : "ffprobe";

    /// <summary>
    /// Runs <paramref name="executable"/>; returns its stdout. <paramref name="what"/> names the file being made
    /// or read, for error messages. A non-zero exit becomes a <see cref="Pv3dException"/> with the end of stderr.
    /// </summary>
    public static byte[] Run(string executable, IReadOnlyList<string> arguments, string what, ReadOnlyMemory<byte>? stdin = null)
    {
        var info = new ProcessStartInfo(executable)
        {
            UseShellExecute = false,
            RedirectStandardInput = stdin is not null,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            CreateNoWindow = true,
        };
        foreach (var a in arguments) info.ArgumentList.Add(a);

        Process process;
        try
        {
            process = Process.Start(info) ?? throw new Pv3dException($"{what}: could not start '{executable}'");
        }
        catch (Win32Exception e)
        {
            var variable = executable == Ffprobe ? "PV3D_FFPROBE" : "PV3D_FFMPEG";
            throw new Pv3dException(
                $"{what}: cannot run '{executable}' ({e.Message}); install ffmpeg (for example 'apt-get install ffmpeg') or set {variable} to its path", e);
        }

        using (process)
        {
            var finished = false;
            try
            {
                var stdout = new MemoryStream();
                var stdoutTask = process.StandardOutput.BaseStream.CopyToAsync(stdout);
                var stderrTask = process.StandardError.ReadToEndAsync();
                var pipeBroken = false;
                if (stdin is { } payload)
                {
                    try
                    {
                        var input = process.StandardInput.BaseStream;
                        const int chunk = 1 << 20;
                        for (var offset = 0; offset < payload.Length; offset += chunk)
                            input.Write(payload.Span.Slice(offset, Math.Min(chunk, payload.Length - offset)));
                        input.Flush();
                        process.StandardInput.Close();
                    }
                    catch (IOException)
                    {
                        pipeBroken = true; // ffmpeg stopped reading (it failed); its stderr says why
                    }
                }
                process.WaitForExit();
                finished = true;
                var stderr = stderrTask.GetAwaiter().GetResult();
                stdoutTask.GetAwaiter().GetResult();
                if (process.ExitCode != 0 || pipeBroken)
                    throw new Pv3dException($"{what}: {Path.GetFileName(executable)} failed (exit code {process.ExitCode}): {Tail(stderr)}");
                return stdout.ToArray();
            }
            finally
            {
                if (!finished) KillAndReap(process);
            }
        }
    }

    internal static void KillAndReap(Process process)
    {
        try
        {
            if (!process.HasExited) process.Kill(entireProcessTree: true);
            process.WaitForExit();
        }
        catch (InvalidOperationException) { }
        catch (Win32Exception) { }
    }

    internal static string Tail(string stderr)
    {
        var text = string.Join(" | ", stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));
        if (text.Length == 0) return "(no message)";
        return text.Length <= StderrTailChars ? text : "..." + text[^StderrTailChars..];
    }
}
