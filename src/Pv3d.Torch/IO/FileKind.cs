using System.Runtime.InteropServices;

namespace Pv3d.Torch.IO;

/// <summary>What a path names on disk (after following symlinks).</summary>
public enum FileType
{
    Missing,
    Regular,
    Directory,
    CharacterDevice,
    BlockDevice,
    Fifo,
    Socket,
    Other,
}

/// <summary>
/// The kind and identity (device, inode) of a path, from the C library's <c>stat</c>. .NET reports devices and
/// FIFOs as ordinary files (<c>File.Exists</c> is true for them), yet opening a FIFO blocks until a writer appears
/// and renaming over a device node replaces it; every input and output path is therefore checked here first.
/// </summary>
public static class FileKind
{
    /// <summary>The type of <paramref name="path"/>, following symlinks (a dangling link is <see cref="FileType.Missing"/>).</summary>
    public static FileType Of(string path) => Stat(path) is { } s ? s.Type : FileType.Missing;

    /// <summary>Whether two paths name the same file (same device and inode; hard links and symlinks included).</summary>
    public static bool SameFile(string a, string b) =>
        Stat(a) is { } x && Stat(b) is { } y && x.Device == y.Device && x.Inode == y.Inode;

    /// <summary>Words for a type in messages ("a folder", "a FIFO", ...).</summary>
    public static string Describe(FileType type) => type switch
    {
        FileType.Missing => "missing",
        FileType.Regular => "a regular file",
        FileType.Directory => "a folder",
        FileType.CharacterDevice => "a character device",
        FileType.BlockDevice => "a block device",
        FileType.Fifo => "a FIFO (named pipe)",
        FileType.Socket => "a socket",
        _ => "not a regular file",
    };

    /// <summary>
    /// Throws a <see cref="Pv3dException"/> unless <paramref name="path"/> is an existing regular file (or a symlink to
    /// one): "file not found", "is a folder, not a file", "is a FIFO, not a regular file" and, for a path running through
    /// a file (<c>/etc/passwd/x</c>), "is a file, not a folder".
    /// </summary>
    public static void RequireRegularFile(string path, string what)
    {
        var type = Of(path);
        if (type == FileType.Regular) return;
        if (type == FileType.Missing)
        {
            if (FileAncestor(path) is { } file) throw new Pv3dException($"{path}: {what} not found ({file} is a file, not a folder)");
            throw new Pv3dException($"{path}: {what} not found");
        }
        throw new Pv3dException($"{path}: {what} is {Describe(type)}, not a regular file");
    }

    /// <summary>The nearest existing ancestor of <paramref name="path"/> when it is not a folder (a path through a file), else null.</summary>
    public static string? FileAncestor(string path)
    {
        var dir = Path.GetDirectoryName(Path.GetFullPath(path));
        while (!string.IsNullOrEmpty(dir))
        {
            var type = Of(dir);
            if (type == FileType.Directory) return null;
            if (type != FileType.Missing) return dir;
            dir = Path.GetDirectoryName(dir);
        }
        return null;
    }

    private readonly record struct StatResult(FileType Type, ulong Device, ulong Inode);

    // struct stat differs between architectures: x86-64 puts st_nlink (8 bytes) before st_mode, the generic layout
    // (arm64, riscv64) st_mode right after st_ino. st_dev and st_ino are the first two 8-byte fields in both.
    private static int ModeOffset => RuntimeInformation.ProcessArchitecture == Architecture.X64 ? 24 : 16;

    private static StatResult? Stat(string path)
    {
        var buffer = new byte[256];
        if (stat(path, buffer) != 0) return null;
        var mode = BitConverter.ToUInt32(buffer, ModeOffset);
        var type = (mode & 0xF000) switch
        {
            0x8000 => FileType.Regular,
            0x4000 => FileType.Directory,
            0x2000 => FileType.CharacterDevice,
            0x6000 => FileType.BlockDevice,
            0x1000 => FileType.Fifo,
            0xC000 => FileType.Socket,
            _ => FileType.Other,
        };
        return new StatResult(type, BitConverter.ToUInt64(buffer, 0), BitConverter.ToUInt64(buffer, 8));
    }

    [DllImport("libc", SetLastError = true)]
    private static extern int stat([MarshalAs(UnmanagedType.LPUTF8Str)] string path, byte[] buffer);
}
