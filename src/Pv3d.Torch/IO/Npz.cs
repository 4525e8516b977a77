using System.IO.Compression;

namespace Pv3d.Torch.IO;

/// <summary>NumPy's .npz format: a zip of .npy members (stored or deflated), one per named array.</summary>
public static class Npz
{
    /// <summary>Reads every <c>name.npy</c> member as a tensor named <c>name</c>.</summary>
    public static Dictionary<string, Tensor> Load(string path)
    {
        if (!File.Exists(path)) throw new Pv3dException($"{path}: NPZ file not found");
        var result = new Dictionary<string, Tensor>();
        try
        {
            using var zip = ZipFile.OpenRead(path);
            foreach (var entry in zip.Entries)
            {
                if (!entry.FullName.EndsWith(".npy", StringComparison.Ordinal)) continue;
                using var s = entry.Open();
                result[entry.FullName[..^4]] = Npy.Read(s, $"{path}:{entry.FullName}", entry.Length);
            }
            return result;
        }
        catch (Exception e) when (e is InvalidDataException or Pv3dException)
        {
            foreach (var t in result.Values) t.Dispose();
            if (e is Pv3dException) throw;
            throw new Pv3dException($"{path}: corrupt or truncated NPZ file ({e.Message})", e);
        }
    }

    /// <summary>Writes the tensors as <c>name.npy</c> members (deflated when <paramref name="compress"/>), atomically.</summary>
    public static void Save(string path, IReadOnlyDictionary<string, Tensor> arrays, bool compress = false) =>
        AtomicFile.Write(path, file =>
        {
            using var zip = new ZipArchive(file, ZipArchiveMode.Create, leaveOpen: true);
            foreach (var (name, tensor) in arrays)
            {
                var entry = zip.CreateEntry(name + ".npy", compress ? CompressionLevel.Optimal : CompressionLevel.NoCompression);
                using var s = entry.Open();
                Npy.Write(s, tensor);
            }
        });
}
