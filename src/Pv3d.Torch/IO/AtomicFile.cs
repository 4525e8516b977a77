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

    private static void Replace(string path, Action<string> makeTemp)
    {
        var full = Path.GetFullPath(path);
        var dir = Path.GetDirectoryName(full)!;
        if (!Directory.Exists(dir)) throw new Pv3dException($"{path}: cannot write, the folder {dir} does not exist");
        var temp = Path.Combine(dir, $".{Path.GetFileName(full)}.{Guid.NewGuid():N}.tmp");
        try
        {
            makeTemp(temp);
            File.Move(temp, full, overwrite: true);
        }
        catch (Exception e)
        {
            try { File.Delete(temp); } catch (IOException) { } catch (UnauthorizedAccessException) { }
            if (e is IOException or UnauthorizedAccessException)
                throw new Pv3dException($"{path}: cannot write ({e.Message})", e);
            throw;
        }
    }
}
