namespace Pv3d.Video;

/// <summary>
/// Makes an output through a hidden temporary sibling that is renamed over the target only when complete,
/// so a failed or interrupted encode never leaves a half-written file under the real name.
/// </summary>
internal static class AtomicOutput
{
    public static void Write(string path, Action<string> writeTemp)
    {
        var full = Path.GetFullPath(path);
        var dir = Path.GetDirectoryName(full)!;
        if (!Directory.Exists(dir)) throw new Pv3dException($"{path}: cannot write, the folder {dir} does not exist");
        var temp = Path.Combine(dir, $".{Path.GetFileName(full)}.{Guid.NewGuid():N}.tmp");
        try
        {
            writeTemp(temp);
            if (!File.Exists(temp)) throw new Pv3dException($"{path}: the encoder finished without writing anything");
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
