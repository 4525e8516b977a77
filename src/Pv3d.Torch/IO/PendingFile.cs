namespace Pv3d.Torch.IO;

/// <summary>
/// An atomic write that stays open across calls (a video encoded while its frames are rendered): the hidden temporary
/// sibling <c>.NAME.GUID.tmp</c> of <see cref="AtomicFile"/> is named at once, written by anyone (a process given
/// <see cref="TempPath"/>), and renamed over the target by <see cref="Commit"/>. Disposing without committing deletes the
/// temporary, so an error or Ctrl-C leaves the old file (or none), never a torn one.
/// </summary>
public sealed class PendingFile : IDisposable
{
    private bool _done;

    /// <param name="path">The file to write; checked as <see cref="AtomicFile.Target"/> checks it (symlinks written through, special files refused).</param>
    public PendingFile(string path)
    {
        Path = path;
        Target = AtomicFile.Target(path);
        TempPath = System.IO.Path.Combine(System.IO.Path.GetDirectoryName(Target)!, $".{System.IO.Path.GetFileName(Target)}.{Guid.NewGuid():N}.tmp");
    }

    /// <summary>The path as given (for messages).</summary>
    public string Path { get; }

    /// <summary>The file that <see cref="Commit"/> replaces: the final target of a symlink, else the path itself.</summary>
    public string Target { get; }

    /// <summary>Where the contents go until <see cref="Commit"/>.</summary>
    public string TempPath { get; }

    /// <summary>Renames the finished temporary over the target; an IO failure names the target.</summary>
    public void Commit()
    {
        if (_done) throw new InvalidOperationException($"{Path}: already committed or abandoned");
        try
        {
            if (!File.Exists(TempPath)) throw new Pv3dException($"{Path}: the writer finished without writing anything");
            File.Move(TempPath, Target, overwrite: true);
            _done = true;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new Pv3dException($"{Path}: cannot write ({e.Message})", e);
        }
    }

    /// <summary>Deletes the temporary unless it was committed.</summary>
    public void Dispose()
    {
        if (_done) return;
        _done = true;
        try { File.Delete(TempPath); } catch (IOException) { } catch (UnauthorizedAccessException) { }
    }
}
