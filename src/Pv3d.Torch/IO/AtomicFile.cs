namespace Pv3d.Torch.IO;

/// <summary>
/// Writes a file through a hidden temporary sibling that is renamed over the target only when complete, so a
/// crash, an error or an interrupted external tool never leaves a half-written file under the real name.
/// IO failures become <see cref="Pv3dException"/>s naming the target.
/// </summary>
public static class AtomicFile
{
    /// <summary>Writes the contents into a stream on the temporary file (flushed to disk before the rename).</summary>
    public static void Write(string path, Action<FileStream> write) => Replace(path, temp =>
    {
        using var stream = new FileStream(temp, FileMode.CreateNew, FileAccess.ReadWrite);
        write(stream);
        stream.Flush(flushToDisk: true);
    });

    /// <summary>
    /// Lets <paramref name="writeTemp"/> create the temporary file by path (an encoder, a library that opens files
    /// itself); it is an error if the file does not exist afterwards.
    /// </summary>
    public static void WriteVia(string path, Action<string> writeTemp) => Replace(path, temp =>
    {
        writeTemp(temp);
        if (!File.Exists(temp)) throw new Pv3dException($"{path}: the writer finished without writing anything");
    });

    /// <summary>
    /// The file a write to <paramref name="path"/> must replace: the final target of a symlink (the link stays a link),
    /// else the path itself. Anything that exists and is not a regular file (a device, FIFO, socket or folder) is refused:
    /// renaming over it would replace the node itself.
    /// </summary>
    public static string Target(string path)
    {
        var full = Path.GetFullPath(path);
        if (new FileInfo(full).LinkTarget is not null && new FileInfo(full).ResolveLinkTarget(returnFinalTarget: true) is { } target)
            full = target.FullName;
        var type = FileKind.Of(full);
        if (type is not (FileType.Regular or FileType.Missing))
            throw new Pv3dException($"{path}: cannot write, it is {FileKind.Describe(type)}, not a regular file");
        var dir = Path.GetDirectoryName(full)!;
        if (!Directory.Exists(dir))
        {
            if (FileKind.FileAncestor(full) is { } file) throw new Pv3dException($"{path}: cannot write, {file} is a file, not a folder");
            throw new Pv3dException($"{path}: cannot write, the folder {dir} does not exist");
        }
        return full;
    }

    private static void Replace(string path, Action<string> makeTemp)
    {
        using var pending = new PendingFile(path);
        try
        {
            makeTemp(pending.TempPath);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new Pv3dException($"{path}: cannot write ({e.Message})", e);
        }
        pending.Commit();
    }

    /// <summary>
    /// Deletes the temporaries that killed writers left in <paramref name="folder"/> and its subfolders
    /// (<c>.NAME.GUID.tmp</c>, the names this class gives them); returns how many.
    /// </summary>
    public static int DeleteStaleTemporaries(string folder)
    {
        if (!Directory.Exists(folder)) return 0;
        var n = 0;
        foreach (var temp in Directory.EnumerateFiles(folder, ".*.tmp", SearchOption.AllDirectories))
        {
            var name = Path.GetFileName(temp);
            var guid = name.Length > 37 ? name[^36..^4] : "";
            if (guid.Length != 32 || !guid.All(char.IsAsciiHexDigitLower)) continue;
            File.Delete(temp);
            n++;
        }
        return n;
    }
}
