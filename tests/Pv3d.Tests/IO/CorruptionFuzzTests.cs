using System.IO.Compression;
using Pv3d.Torch;
using Pv3d.Torch.IO;
using Pv3d.Torch.IO.Pickle;

namespace Pv3d.Tests.IO;

/// <summary>Randomly damaged inputs either load or fail with a Pv3dException; nothing else escapes.</summary>
public class CorruptionFuzzTests
{
    private static void LoadsOrFailsCleanly(Action load)
    {
        try
        {
            load();
        }
        catch (Pv3dException)
        {
        }
    }

    [Fact]
    public void DamagedPickleBytes()
    {
        var original = ReadPickle(IoFixtures.Path("checkpoint.pt"));
        var rng = new Random(11);
        for (var trial = 0; trial < 300; trial++)
        {
            var bytes = original.ToArray();
            for (var flips = rng.Next(1, 4); flips > 0; flips--) bytes[rng.Next(bytes.Length)] = (byte)rng.Next(256);
            using var scope = TensorScope.Enter();
            LoadsOrFailsCleanly(() => new Unpickler(bytes, "fuzz.pkl", _ => throw new Pv3dException("fuzz.pkl: no storages here")).Load());
        }
    }

    [Fact]
    public void DamagedCheckpointFiles()
    {
        using var dir = new IoFixtures.TempDir();
        var original = File.ReadAllBytes(IoFixtures.Path("checkpoint.pt"));
        var rng = new Random(5);
        for (var trial = 0; trial < 60; trial++)
        {
            var bytes = original.ToArray();
            for (var flips = rng.Next(1, 6); flips > 0; flips--) bytes[rng.Next(bytes.Length)] = (byte)rng.Next(256);
            var path = dir.File($"fuzz{trial}.pt");
            File.WriteAllBytes(path, bytes);
            using var scope = TensorScope.Enter();
            LoadsOrFailsCleanly(() => TorchCheckpoint.Load(path));
        }
    }

    [Theory]
    [InlineData("tensors.safetensors")]
    [InlineData("f8_fortran.npy")]
    [InlineData("deflated.npz")]
    public void DamagedArrayFiles(string name)
    {
        using var dir = new IoFixtures.TempDir();
        var original = File.ReadAllBytes(IoFixtures.Path(name));
        var rng = new Random(name.Length);
        for (var trial = 0; trial < 100; trial++)
        {
            var bytes = original.ToArray();
            for (var flips = rng.Next(1, 4); flips > 0; flips--) bytes[rng.Next(Math.Min(bytes.Length, 200))] = (byte)rng.Next(256);
            var path = dir.File($"fuzz{trial}{Path.GetExtension(name)}");
            File.WriteAllBytes(path, bytes);
            using var scope = TensorScope.Enter();
            LoadsOrFailsCleanly(() =>
            {
                switch (Path.GetExtension(name))
                {
                    case ".safetensors": SafeTensors.Load(path); break;
                    case ".npy": Npy.Load(path); break;
                    default: Npz.Load(path); break;
                }
            });
        }
    }

    private static byte[] ReadPickle(string checkpoint)
    {
        using var zip = ZipFile.OpenRead(checkpoint);
        using var s = zip.Entries.Single(e => e.FullName.EndsWith("data.pkl")).Open();
        using var m = new MemoryStream();
        s.CopyTo(m);
        return m.ToArray();
    }
}
