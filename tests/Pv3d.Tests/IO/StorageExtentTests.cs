using System.IO.Compression;
using Pv3d.Torch;
using Pv3d.Torch.IO;
using Pv3d.Torch.IO.Pickle;

namespace Pv3d.Tests.IO;

/// <summary>A tensor whose declared geometry reaches past its storage is an error, not a read out of bounds.</summary>
public class StorageExtentTests
{
    /// <summary>A checkpoint with one float storage of 4 elements and one tensor of the given geometry on it.</summary>
    private static string Checkpoint(IoFixtures.TempDir dir, long offset, long[] shape, long[] strides, long declaredNumEl = 4)
    {
        using var pickle = new MemoryStream();
        new Pickler(pickle, _ => new Pickler.TensorRecord("FloatStorage", "0", declaredNumEl, offset, shape, strides))
            .Dump(new Dictionary<object, object?> { ["w"] = Tensor.FromArray(new float[] { 0 }) });
        var path = dir.File($"extent{Guid.NewGuid():N}.pt");
        using var zip = ZipFile.Open(path, ZipArchiveMode.Create);
        void Entry(string name, byte[] data)
        {
            using var s = zip.CreateEntry(name, CompressionLevel.NoCompression).Open();
            s.Write(data);
        }
        Entry("archive/data.pkl", pickle.ToArray());
        Entry("archive/data/0", new byte[16]);
        Entry("archive/version", "3\n"u8.ToArray());
        return path;
    }

    [Fact]
    public void GeometryInsideTheStorageLoads()
    {
        using var scope = TensorScope.Enter();
        using var dir = new IoFixtures.TempDir();
        var root = (Dictionary<object, object?>)TorchCheckpoint.Load(Checkpoint(dir, 1, new long[] { 3 }, new long[] { 1 }))!;
        Assert.Equal(new long[] { 3 }, ((Tensor)root["w"]!).Shape);
    }

    [Theory]
    [InlineData(0L, new long[] { 5 }, new long[] { 1 })]
    [InlineData(2L, new long[] { 3 }, new long[] { 1 })]
    [InlineData(0L, new long[] { 2, 2 }, new long[] { 3, 1 })]
    [InlineData(-1L, new long[] { 1 }, new long[] { 1 })]
    [InlineData(0L, new long[] { 2 }, new long[] { -1 })]
    [InlineData(0L, new long[] { 3 }, new long[] { 4611686018427387904 })]
    [InlineData(9L, new long[] { 0 }, new long[] { 1 })]
    public void GeometryPastTheStorageIsAnError(long offset, long[] shape, long[] strides)
    {
        using var scope = TensorScope.Enter();
        using var dir = new IoFixtures.TempDir();
        var path = Checkpoint(dir, offset, shape, strides);
        var e = Assert.Throws<Pv3dException>(() => TorchCheckpoint.Load(path));
        Assert.Contains(path, e.Message);
        Assert.Contains("does not fit storage 0", e.Message);
    }

    [Fact]
    public void StorageDeclaredLargerThanItsRecordIsAnError()
    {
        using var scope = TensorScope.Enter();
        using var dir = new IoFixtures.TempDir();
        var e = Assert.Throws<Pv3dException>(() =>
            TorchCheckpoint.Load(Checkpoint(dir, 0, new long[] { 1 }, new long[] { 1 }, declaredNumEl: 1L << 60)));
        Assert.Contains("data/0 holds 16 bytes", e.Message);
    }

    [Fact]
    public void LoadStateDictExplainsWhenThereIsNone()
    {
        using var scope = TensorScope.Enter();
        var e = Assert.Throws<Pv3dException>(() => TorchCheckpoint.LoadStateDict(IoFixtures.Path("malicious.pt")));
        Assert.Contains("no state dict", e.Message);
    }
}
