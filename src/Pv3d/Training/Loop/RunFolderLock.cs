using System.Globalization;
using System.Runtime.InteropServices;
using System.Text;

namespace Pv3d.Training.Loop;

/// <summary>
/// An exclusive lock on a run folder, so that two trainings never write one folder (the second would empty the first's
/// log and delete its checkpoint temporaries). It is a kernel <c>flock</c> on <c>RUN/.pv3d-run.lock</c>, taken without
/// waiting: the kernel drops it when the holder exits, however it exits, so a crash (even kill -9) leaves no stale
/// lock, only a lock file that the next run takes over. The holder writes its PID into the file so that a refused run
/// can say who holds the folder. The file itself stays (deleting a lock file races with a process about to lock it).
/// The C library is called directly because .NET takes its own shared flock on every file it opens, which would keep
/// the refused process from reading the PID.
/// </summary>
public sealed class RunFolderLock : IDisposable
{
    public const string FileName = ".pv3d-run.lock";

    private int _fd;

    private RunFolderLock(int fd, string path)
    {
        _fd = fd;
        Path = path;
    }

    public string Path { get; }

    /// <summary>Locks <paramref name="runDir"/> (which must exist) or throws a <see cref="Pv3dException"/> naming the holder's PID.</summary>
    public static RunFolderLock Acquire(string runDir)
    {
        var path = System.IO.Path.Combine(runDir, FileName);
        var fd = open(path, O_RDWR | O_CREAT | O_CLOEXEC, 0x1A4 /* 0644 */);
        if (fd < 0) throw new Pv3dException($"{path}: cannot open the run folder's lock file (errno {Marshal.GetLastPInvokeError()})");
        if (flock(fd, LOCK_EX | LOCK_NB) != 0)
        {
            var errno = Marshal.GetLastPInvokeError();
            close(fd);
            if (errno != EWOULDBLOCK) throw new Pv3dException($"{path}: cannot lock the run folder (errno {errno})");
            var holder = ReadHolder(path);
            throw new Pv3dException(
                $"{runDir}: another training ({(holder is { } pid ? $"PID {pid}" : "PID unknown")}) is using this run folder; " +
                "wait for it to finish or stop it, or choose another run folder");
        }
        var held = new RunFolderLock(fd, path);
        held.WriteContents($"{Environment.ProcessId}\n");
        return held;
    }

    /// <summary>The PID written into a lock file, or null when there is none.</summary>
    private static int? ReadHolder(string path)
    {
        var fd = open(path, O_RDONLY | O_CLOEXEC, 0);
        if (fd < 0) return null;
        try
        {
            var buffer = new byte[64];
            var n = read(fd, buffer, buffer.Length);
            if (n <= 0) return null;
            return int.TryParse(Encoding.ASCII.GetString(buffer, 0, (int)n).Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out var pid)
                ? pid
                : null;
        }
        finally
        {
            close(fd);
        }
    }

    private void WriteContents(string text)
    {
        var bytes = Encoding.ASCII.GetBytes(text);
        // Best effort: the PID is for messages only; the lock is the flock.
        if (ftruncate(_fd, 0) == 0 && bytes.Length > 0) _ = pwrite(_fd, bytes, bytes.Length, 0);
    }

    /// <summary>Empties the file (no PID of a finished run is shown later) and releases the lock.</summary>
    public void Dispose()
    {
        if (_fd < 0) return;
        WriteContents("");
        close(_fd);
        _fd = -1;
    }

    private const int O_RDONLY = 0, O_RDWR = 2, O_CREAT = 0x40, O_CLOEXEC = 0x80000;
    private const int LOCK_EX = 2, LOCK_NB = 4;
    private const int EWOULDBLOCK = 11;

    [DllImport("libc", SetLastError = true)]
    private static extern int open([MarshalAs(UnmanagedType.LPUTF8Str)] string path, int flags, int mode);

    [DllImport("libc", SetLastError = true)]
    private static extern int flock(int fd, int operation);

    [DllImport("libc", SetLastError = true)]
    private static extern int close(int fd);

    [DllImport("libc", SetLastError = true)]
    private static extern nint read(int fd, byte[] buffer, nint count);

    [DllImport("libc", SetLastError = true)]
    private static extern nint pwrite(int fd, byte[] buffer, nint count, long offset);

    [DllImport("libc", SetLastError = true)]
    private static extern int ftruncate(int fd, long length);
}
