namespace Pv3d.Torch.IO;

/// <summary>
/// Writes a file through a temporary sibling that is renamed over the target when complete, so a
/// crash or error never leaves a half-written checkpoint under the real name.
/// </summary>
internal static class AtomicFile
{
    public static void Write(string path, Action<FileStream> write)
    {
        var full = Path.GetFullPath(path);
        var dir = Path.GetDirectoryName(full)!;
        if (!Directory.Exists(dir)) throw new Pv3dException($"{path}: cannot write, the folder {dir} does not exist");
        var temp = Path.Combine(dir, $".{Path.GetFileName(full)}.{Guid.NewGuid():N}.tmp");
        try
        {
            using (var stream = new FileStream(temp, FileMode.CreateNew, FileAccess.ReadWrite))
            {
                write(stream);
                stream.Flush(flushToDisk: true);
            }
            File.Move(temp, full, overwrite: true);
        }
        catch (Exception e)
        {
            try { File.Delete(temp); } catch (IOException) { }
            if (e is IOException or UnauthorizedAccessException)
                throw new Pv3dException($"{path}: cannot write ({e.Message})", e);
            throw;
        }
    }
}
