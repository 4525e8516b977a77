using System.IO.Compression;
using Pv3d.Torch;
using Pv3d.Torch.IO;

namespace Pv3d.Tests.IO;

/// <summary>Broken checkpoints fail with a Pv3dException naming the file and the problem.</summary>
public class TorchCheckpointErrorTests
{
    private static Pv3dException LoadFails(string path)
    {
        using var scope = TensorScope.Enter();
        var e = Assert.Throws<Pv3dException>(() => TorchCheckpoint.Load(path));
        Assert.Contains(path, e.Message);
        return e;
    }

    /// <summary>Copies state_dict.pt entry by entry, letting <paramref name="edit"/> change or drop entries.</summary>
    private static string Rewrite(IoFixtures.TempDir dir, Func<string, byte[], byte[]?> edit)
    {
        var path = dir.File("edited.pt");
        using var source = ZipFile.OpenRead(IoFixtures.Path("state_dict.pt"));
        using var target = ZipFile.Open(path, ZipArchiveMode.Create);
        foreach (var entry in source.Entries)
        {
            using var s = entry.Open();
            using var m = new MemoryStream();
            s.CopyTo(m);
            var data = edit(entry.FullName, m.ToArray());
            if (data is null) continue;
            using var w = target.CreateEntry(entry.FullName, CompressionLevel.NoCompression).Open();
            w.Write(data);
        }
        return path;
    }

    [Fact]
    public void MissingFile()
    {
        var e = LoadFails("/nonexistent/model.pt");
        Assert.Contains("not found", e.Message);
    }

    [Fact]
    public void TruncatedCheckpoint()
    {
        using var dir = new IoFixtures.TempDir();
        var bytes = File.ReadAllBytes(IoFixtures.Path("checkpoint.pt"));
        foreach (var keep in new[] { 10, bytes.Length / 2, bytes.Length - 30 })
        {
            var path = dir.File($"cut{keep}.pt");
            File.WriteAllBytes(path, bytes[..keep]);
            Assert.Contains("corrupt", LoadFails(path).Message);
        }
    }

    [Fact]
    public void CorruptZip()
    {
        using var dir = new IoFixtures.TempDir();
        var path = dir.File("garbage.pt");
        var bytes = new byte[4096];
        new Random(3).NextBytes(bytes);
        bytes[0] = (byte)'P';
        bytes[1] = (byte)'K';
        File.WriteAllBytes(path, bytes);
        Assert.Contains("corrupt", LoadFails(path).Message);
    }

    [Fact]
    public void NotAZipAtAll()
    {
        using var dir = new IoFixtures.TempDir();
        var path = dir.File("text.pt");
        File.WriteAllText(path, "hello");
        Assert.Contains("not a PyTorch checkpoint", LoadFails(path).Message);
    }

    [Fact]
    public void ZipWithoutDataPkl()
    {
        using var dir = new IoFixtures.TempDir();
        var path = Rewrite(dir, (name, data) => name.EndsWith("data.pkl") ? null : data);
        Assert.Contains("no data.pkl", LoadFails(path).Message);
    }

    [Fact]
    public void MissingStorageRecord()
    {
        using var dir = new IoFixtures.TempDir();
        var path = Rewrite(dir, (name, data) => name.EndsWith("/data/0") ? null : data);
        Assert.Contains("data/0 is missing", LoadFails(path).Message);
    }

    [Fact]
    public void StorageRecordTooShort()
    {
        using var dir = new IoFixtures.TempDir();
        var path = Rewrite(dir, (name, data) => name.EndsWith("/data/1") ? data[..5] : data);
        var e = LoadFails(path);
        Assert.Contains("data/1 holds 5 bytes", e.Message);
    }

    [Fact]
    public void CorruptPickleInsideZip()
    {
        using var dir = new IoFixtures.TempDir();
        var path = Rewrite(dir, (name, data) => name.EndsWith("data.pkl") ? data[..(data.Length / 2)] : data);
        Assert.Contains("data.pkl", LoadFails(path).Message);
    }

    [Fact]
    public void LegacyFormatIsRejectedClearly()
    {
        Assert.Contains("legacy", LoadFails(IoFixtures.Path("legacy.pt")).Message);
    }
}
