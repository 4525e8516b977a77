using System.IO.Compression;
using System.Text;
using Pv3d.Torch.IO.Pickle;

namespace Pv3d.Torch.IO;

/// <summary>An open torch.save zip file: finds its records and reads each storage once.</summary>
internal sealed class CheckpointArchive : IDisposable
{
    private const long MaxPickleBytes = 1L << 30;

    private readonly string _path;
    private readonly ZipArchive _zip;
    private readonly string _prefix;
    private readonly Dictionary<string, RawStorage> _storages = new();
    private Device _device = Device.CPU;

    private CheckpointArchive(string path, ZipArchive zip, string prefix)
    {
        _path = path;
        _zip = zip;
        _prefix = prefix;
    }

    public static CheckpointArchive Open(string path)
    {
        if (!File.Exists(path)) throw new Pv3dException($"{path}: checkpoint file not found");
        var stream = File.OpenRead(path);
        try
        {
            CheckMagic(path, stream);
            var zip = new ZipArchive(stream, ZipArchiveMode.Read, leaveOpen: false);
            var pkl = zip.Entries.FirstOrDefault(e => e.FullName.EndsWith("/data.pkl") && e.FullName.Count(c => c == '/') == 1)
                ?? zip.Entries.FirstOrDefault(e => e.FullName == "data.pkl");
            if (pkl is null)
            {
                zip.Dispose();
                throw new Pv3dException($"{path}: a zip file but not a PyTorch checkpoint (it has no data.pkl)");
            }
            return new CheckpointArchive(path, zip, pkl.FullName[..^"data.pkl".Length]);
        }
        catch (InvalidDataException e)
        {
            stream.Dispose();
            throw new Pv3dException($"{path}: corrupt or truncated checkpoint (the zip directory cannot be read: {e.Message})", e);
        }
        catch
        {
            stream.Dispose();
            throw;
        }
    }

    private static void CheckMagic(string path, FileStream stream)
    {
        Span<byte> head = stackalloc byte[4];
        var n = stream.ReadAtLeast(head, 4, throwOnEndOfStream: false);
        stream.Position = 0;
        if (n >= 4 && head[0] == 'P' && head[1] == 'K') return;
        if (n >= 2 && head[0] == 0x80 && head[1] <= 5)
            throw new Pv3dException(
                $"{path}: a legacy (pre-1.6, non-zip) torch.save file, which is not supported; re-save it with a recent PyTorch " +
                "(torch.save(torch.load(f), f2)), or export a safetensors file");
        throw new Pv3dException($"{path}: not a PyTorch checkpoint (no zip signature; the file is {stream.Length} bytes)");
    }

    public object? Load(Device? device)
    {
        try
        {
            var version = ReadText("version");
            if (version != null && (!int.TryParse(version.Trim(), out var v) || v < 1 || v > 10))
                throw new Pv3dException($"{_path}: unsupported checkpoint format version '{version.Trim()}'");
            var byteorder = ReadText("byteorder");
            if (byteorder != null && byteorder.Trim() != "little")
                throw new Pv3dException($"{_path}: storages are stored {byteorder.Trim()}-endian, only little-endian is supported");
            var pickle = ReadPickle();
            _device = device ?? Device.CPU;
            return new Unpickler(pickle, $"{_path}:{_prefix}data.pkl", pid => PersistentLoad(pid)).Load();
        }
        catch (InvalidDataException e)
        {
            throw new Pv3dException($"{_path}: corrupt checkpoint ({e.Message})", e);
        }
    }

    private string? ReadText(string name)
    {
        var entry = _zip.GetEntry(_prefix + name);
        if (entry is null || entry.Length > 1024) return null;
        using var s = entry.Open();
        using var reader = new StreamReader(s, Encoding.UTF8);
        return reader.ReadToEnd();
    }

    private byte[] ReadPickle()
    {
        var entry = _zip.GetEntry(_prefix + "data.pkl")!;
        if (entry.Length > MaxPickleBytes) throw new Pv3dException($"{_path}: data.pkl declares {entry.Length} bytes, which is implausible");
        var bytes = new byte[entry.Length];
        using var s = entry.Open();
        var n = s.ReadAtLeast(bytes, bytes.Length, throwOnEndOfStream: false);
        if (n < bytes.Length) throw new Pv3dException($"{_path}: data.pkl is truncated ({n} of {bytes.Length} bytes)");
        return bytes;
    }

    // persistent id: ('storage', storage_type, key, location, numel)
    private object PersistentLoad(object? pid)
    {
        if (pid is not object?[] { Length: 5 } t || t[0] is not string kind || kind != "storage")
            throw new Pv3dException($"{_path}: unknown persistent id in data.pkl (expected ('storage', type, key, location, numel))");
        if (t[1] is not TorchStorageType type)
            throw new Pv3dException($"{_path}: storage of unsupported type {t[1]} (supported: float, double, half, bfloat16, long, int, short, char, byte, bool)");
        if (t[2] is not string key || t[4] is not long numel || numel < 0)
            throw new Pv3dException($"{_path}: malformed storage id in data.pkl");
        return new TorchStorageRef(key, type.DType, numel, t[3] as string ?? "cpu", LoadStorage);
    }

    private RawStorage LoadStorage(TorchStorageRef storage)
    {
        if (_storages.TryGetValue(storage.Key, out var cached)) return cached;
        var name = $"{_prefix}data/{storage.Key}";
        var entry = _zip.GetEntry(name) ?? throw new Pv3dException($"{_path}: storage record {name} is missing");
        var item = storage.DType.ElementSize();
        if (storage.NumEl > long.MaxValue / item) throw new Pv3dException($"{_path}: storage {storage.Key} declares an impossible size");
        var nbytes = storage.NumEl * item;
        if (entry.Length < nbytes)
            throw new Pv3dException($"{_path}: storage record {name} holds {entry.Length} bytes but {storage.NumEl} elements of {storage.DType} need {nbytes}");
        using var stream = entry.Open();
        RawStorage raw;
        try
        {
            raw = RawStorage.Read(stream, nbytes, done => new Pv3dException($"{_path}: storage record {name} ends after {done} of {nbytes} bytes"));
        }
        catch (InvalidDataException e)
        {
            throw new Pv3dException($"{_path}: storage record {name} is corrupt ({e.Message})", e);
        }
        if (_device.Type != DeviceType.CPU)
        {
            // Move the storage once, before any view is made, so that views keep sharing it on the device.
            using var cpu = raw;
            raw = raw.To(_device);
        }
        _storages[storage.Key] = raw;
        return raw;
    }

    public void Dispose()
    {
        // Views hold their own references to the storages; the loader's handles can go.
        foreach (var s in _storages.Values) s.Dispose();
        _zip.Dispose();
    }
}
