using System.Diagnostics;
using Pv3d.Torch;
using Pv3d.Torch.IO;

namespace Pv3d.Tests.IO;

/// <summary>
/// Issue 12 item 3 (and the "/etc/passwd/x" message of item 14): an atomic write goes through a symlink to its
/// target, never renames over a FIFO, device or folder, and names a path that runs through a file plainly.
/// </summary>
public sealed class AtomicFileSafetyTests : IDisposable
{
    private readonly IoFixtures.TempDir _dir = new();

    public void Dispose() => _dir.Dispose();

    internal static void MakeFifo(string path)
    {
        using var p = Process.Start(new ProcessStartInfo("mkfifo", new[] { path }) { UseShellExecute = false })!;
        p.WaitForExit();
        Assert.Equal(0, p.ExitCode);
    }

    private static void WriteText(string path, string text) =>
        AtomicFile.Write(path, s => s.Write(System.Text.Encoding.UTF8.GetBytes(text)));

    [Fact]
    public void WritingThroughASymlinkReplacesTheTargetAndKeepsTheLink()
    {
        var target = _dir.File("real.bin");
        var link = _dir.File("link.bin");
        File.WriteAllText(target, "old");
        File.CreateSymbolicLink(link, target);
        WriteText(link, "new");
        Assert.NotNull(new FileInfo(link).LinkTarget); // still a link
        Assert.Equal("new", File.ReadAllText(target));
        Assert.Equal(new[] { "link.bin", "real.bin" }, Directory.GetFileSystemEntries(_dir.Root).Select(Path.GetFileName).Order());
    }

    [Fact]
    public void AFifoIsRefusedAndStaysAFifo()
    {
        var fifo = _dir.File("pipe");
        MakeFifo(fifo);
        var e = Assert.Throws<Pv3dException>(() => WriteText(fifo, "x"));
        Assert.Contains("FIFO", e.Message);
        Assert.Equal(FileType.Fifo, FileKind.Of(fifo));
        Assert.Single(Directory.GetFileSystemEntries(_dir.Root)); // no temporary left
    }

    [Fact]
    public void AFolderOrADeviceIsRefused()
    {
        var folder = _dir.File("folder");
        Directory.CreateDirectory(folder);
        Assert.Contains("folder", Assert.Throws<Pv3dException>(() => WriteText(folder, "x")).Message);
        Assert.True(Directory.Exists(folder));
        Assert.Contains("device", Assert.Throws<Pv3dException>(() => WriteText("/dev/null", "x")).Message);
        Assert.Equal(FileType.CharacterDevice, FileKind.Of("/dev/null"));
    }

    [Fact]
    public void APathThroughAFileSaysSo()
    {
        var file = _dir.File("plain");
        File.WriteAllText(file, "x");
        var e = Assert.Throws<Pv3dException>(() => WriteText(Path.Combine(file, "x"), "y"));
        Assert.Contains($"{file} is a file, not a folder", e.Message);
    }

    [Fact]
    public void RequireRegularFileNamesWhatThePathIs()
    {
        var fifo = _dir.File("pipe");
        MakeFifo(fifo);
        Assert.Contains("FIFO", Assert.Throws<Pv3dException>(() => FileKind.RequireRegularFile(fifo, "checkpoint")).Message);
        Assert.Contains("is a folder", Assert.Throws<Pv3dException>(() => FileKind.RequireRegularFile(_dir.Root, "checkpoint")).Message);
        Assert.Contains("not found", Assert.Throws<Pv3dException>(() => FileKind.RequireRegularFile(_dir.File("none"), "checkpoint")).Message);
        var file = _dir.File("f");
        File.WriteAllText(file, "x");
        FileKind.RequireRegularFile(file, "checkpoint");
        var link = _dir.File("l");
        File.CreateSymbolicLink(link, file);
        Assert.True(FileKind.SameFile(link, file));
        Assert.False(FileKind.SameFile(link, fifo));
    }
}
