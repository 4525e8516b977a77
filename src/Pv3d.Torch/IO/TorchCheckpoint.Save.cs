using System.IO.Compression;
using System.Text;
using Pv3d.Torch.IO.Pickle;

namespace Pv3d.Torch.IO;

public static partial class TorchCheckpoint
{
    private static readonly Dictionary<DType, string> StorageTypeNames = new()
    {
        [DType.Float32] = "FloatStorage",
        [DType.Float64] = "DoubleStorage",
        [DType.Float16] = "HalfStorage",
        [DType.BFloat16] = "BFloat16Storage",
        [DType.Int64] = "LongStorage",
        [DType.Int32] = "IntStorage",
        [DType.Int16] = "ShortStorage",
        [DType.Int8] = "CharStorage",
        [DType.UInt8] = "ByteStorage",
        [DType.Bool] = "BoolStorage",
    };

    /// <summary>
    /// Writes <paramref name="root"/> in torch.save's zip format, readable by <c>torch.load</c>:
    /// dictionaries (<see cref="PyOrderedDict"/> becomes an OrderedDict), lists, object[] as tuples,
    /// strings, integers, floats, bools, null, byte[] and tensors. Tensors sharing a storage are
    /// written as views of one storage, as torch.save does. The file is replaced atomically.
    /// </summary>
    public static void Save(string path, object? root)
    {
        var storages = new Dictionary<(IntPtr, DType), (string Key, Tensor Bytes)>();
        try
        {
            using var pickle = new MemoryStream();
            new Pickler(pickle, t => Describe(t, storages)).Dump(root);
            var archiveName = "archive";
            AtomicFile.Write(path, file =>
            {
                using var zip = new ZipArchive(file, ZipArchiveMode.Create, leaveOpen: true);
                WriteEntry(zip, $"{archiveName}/data.pkl", pickle.GetBuffer().AsSpan(0, (int)pickle.Length));
                WriteEntry(zip, $"{archiveName}/byteorder", "little"u8);
                foreach (var (key, bytes) in storages.Values) WriteStorage(zip, $"{archiveName}/data/{key}", bytes);
                WriteEntry(zip, $"{archiveName}/version", "3\n"u8);
            });
        }
        finally
        {
            foreach (var (_, bytes) in storages.Values) bytes.Dispose();
        }
    }

    private static Pickler.TensorRecord Describe(Tensor t, Dictionary<(IntPtr, DType), (string Key, Tensor Bytes)> storages)
    {
        var dtype = t.DType;
        if (!StorageTypeNames.TryGetValue(dtype, out var typeName)) throw new Pv3dException($"cannot save a tensor of dtype {dtype}");
        var info = StorageInfo.Of(t);
        info.Bytes.DetachFromScopes();
        if (storages.TryGetValue((info.Id, dtype), out var known)) info.Bytes.Dispose();
        else
        {
            known = ($"{storages.Count}", info.Bytes);
            storages[(info.Id, dtype)] = known;
        }
        var numel = known.Bytes.NumEl / dtype.ElementSize();
        return new Pickler.TensorRecord(typeName, known.Key, numel, info.Offset, t.Shape, t.Strides);
    }

    private static void WriteEntry(ZipArchive zip, string name, ReadOnlySpan<byte> data)
    {
        using var s = zip.CreateEntry(name, CompressionLevel.NoCompression).Open();
        s.Write(data);
    }

    private static void WriteStorage(ZipArchive zip, string name, Tensor bytes)
    {
        using var cpu = bytes.Device.Type == DeviceType.CPU ? null : bytes.To(Device.CPU);
        var source = cpu ?? bytes;
        using var s = zip.CreateEntry(name, CompressionLevel.NoCompression).Open();
        var length = source.NumEl;
        for (long start = 0; start < length; start += 1 << 24)
            s.Write(BytesOf(source, start, (int)Math.Min(length - start, 1 << 24)));
    }

    private static unsafe ReadOnlySpan<byte> BytesOf(Tensor bytes, long start, int length) =>
        new((byte*)bytes.DataPtr + start, length);
}
