using System.Buffers.Binary;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Pv3d.Torch.IO;

/// <summary>
/// The safetensors format: an 8-byte little-endian header length, a JSON header mapping each name to
/// its dtype, shape and byte range (plus an optional <c>__metadata__</c> map of strings), then the raw
/// little-endian tensor data. Pv3d's native checkpoint format (configs go in the metadata as JSON).
/// </summary>
public static class SafeTensors
{
    private const long MaxHeaderBytes = 100L << 20;
    private const string MetadataKey = "__metadata__";

    private static readonly Dictionary<string, DType> Codes = new()
    {
        ["F32"] = DType.Float32, ["F64"] = DType.Float64, ["F16"] = DType.Float16, ["BF16"] = DType.BFloat16,
        ["I64"] = DType.Int64, ["I32"] = DType.Int32, ["I16"] = DType.Int16, ["I8"] = DType.Int8,
        ["U8"] = DType.UInt8, ["BOOL"] = DType.Bool,
    };

    private static string CodeOf(DType dtype) =>
        Codes.FirstOrDefault(kv => kv.Value == dtype).Key ?? throw new Pv3dException($"dtype {dtype} cannot be stored in safetensors");

    /// <summary>Writes the tensors (in the dictionary's order) and string metadata; replaces the file atomically.</summary>
    public static void Save(string path, IReadOnlyDictionary<string, Tensor> tensors, IReadOnlyDictionary<string, string>? metadata = null)
    {
        var header = new JsonObject();
        if (metadata is { Count: > 0 })
        {
            var meta = new JsonObject();
            foreach (var (k, v) in metadata) meta[k] = v;
            header[MetadataKey] = meta;
        }
        var blobs = new List<byte[]>();
        long offset = 0;
        foreach (var (name, t) in tensors)
        {
            if (name == MetadataKey) throw new Pv3dException($"{path}: '{MetadataKey}' cannot name a tensor");
            var bytes = RawStorage.ContiguousBytes(t);
            header[name] = new JsonObject
            {
                ["dtype"] = CodeOf(t.DType),
                ["shape"] = new JsonArray(t.Shape.Select(s => (JsonNode)s).ToArray()),
                ["data_offsets"] = new JsonArray(offset, offset + bytes.Length),
            };
            blobs.Add(bytes);
            offset += bytes.Length;
        }
        var json = Encoding.UTF8.GetBytes(header.ToJsonString());
        var padded = (json.Length + 7) / 8 * 8;
        AtomicFile.Write(path, file =>
        {
            Span<byte> length = stackalloc byte[8];
            BinaryPrimitives.WriteUInt64LittleEndian(length, (ulong)padded);
            file.Write(length);
            file.Write(json);
            for (var i = json.Length; i < padded; i++) file.WriteByte((byte)' ');
            foreach (var b in blobs) file.Write(b);
        });
    }

    /// <summary>
    /// The metadata of a file when it looks like a safetensors file (a plausible header length followed by a JSON
    /// object), else null; reads only the header.
    /// </summary>
    public static Dictionary<string, string>? TryReadMetadata(string path) => TryReadHeader(path)?.Metadata;

    /// <summary>
    /// <see cref="TryReadMetadata"/> plus the file length the header promises (8-byte length + header + the largest
    /// tensor end offset), so a caller can tell a truncated copy from a whole one without reading any tensor.
    /// </summary>
    public static (Dictionary<string, string> Metadata, long ExpectedLength)? TryReadHeader(string path)
    {
        try
        {
            using var file = File.OpenHandle(path);
            var fileLength = RandomAccess.GetLength(file);
            Span<byte> prefix = stackalloc byte[8];
            if (fileLength < 10 || RandomAccess.Read(file, prefix, 0) < 8) return null;
            var headerLength = BinaryPrimitives.ReadUInt64LittleEndian(prefix);
            if (headerLength < 2 || headerLength > (ulong)(fileLength - 8) || headerLength > MaxHeaderBytes) return null;
            var headerBytes = new byte[headerLength];
            RandomAccess.Read(file, headerBytes, 8);
            using var doc = JsonDocument.Parse(headerBytes);
            if (doc.RootElement.ValueKind != JsonValueKind.Object) return null;
            var metadata = new Dictionary<string, string>();
            long end = 0;
            foreach (var entry in doc.RootElement.EnumerateObject())
            {
                if (entry.Name == MetadataKey)
                {
                    if (entry.Value.ValueKind == JsonValueKind.Object)
                        foreach (var m in entry.Value.EnumerateObject())
                            if (m.Value.ValueKind == JsonValueKind.String) metadata[m.Name] = m.Value.GetString()!;
                }
                else if (entry.Value.ValueKind == JsonValueKind.Object && entry.Value.TryGetProperty("data_offsets", out var offsets)
                         && offsets.ValueKind == JsonValueKind.Array && offsets.GetArrayLength() == 2 && offsets[1].TryGetInt64(out var stop))
                {
                    end = Math.Max(end, stop);
                }
            }
            return (metadata, 8 + (long)headerLength + end);
        }
        catch (Exception e) when (e is JsonException or IOException or UnauthorizedAccessException)
        {
            return null;
        }
    }

    /// <summary>Reads every tensor (CPU, contiguous) and the metadata of a safetensors file.</summary>
    public static (Dictionary<string, Tensor> Tensors, Dictionary<string, string> Metadata) Load(string path)
    {
        if (!File.Exists(path)) throw new Pv3dException($"{path}: safetensors file not found");
        using var file = File.OpenHandle(path);
        var fileLength = RandomAccess.GetLength(file);
        Span<byte> prefix = stackalloc byte[8];
        if (fileLength < 8 || RandomAccess.Read(file, prefix, 0) < 8)
            throw new Pv3dException($"{path}: not a safetensors file (shorter than its 8-byte header length)");
        var headerLength = BinaryPrimitives.ReadUInt64LittleEndian(prefix);
        if (headerLength > (ulong)(fileLength - 8) || headerLength > MaxHeaderBytes)
            throw new Pv3dException($"{path}: header length {headerLength} goes beyond the file ({fileLength} bytes): truncated or not a safetensors file");
        var headerBytes = new byte[headerLength];
        RandomAccess.Read(file, headerBytes, 8);
        var dataStart = 8 + (long)headerLength;
        var dataLength = fileLength - dataStart;

        JsonElement root;
        try
        {
            root = JsonDocument.Parse(headerBytes).RootElement;
        }
        catch (JsonException e)
        {
            throw new Pv3dException($"{path}: the safetensors header is not valid JSON ({e.Message})", e);
        }
        if (root.ValueKind != JsonValueKind.Object) throw new Pv3dException($"{path}: the safetensors header is not a JSON object");

        var metadata = new Dictionary<string, string>();
        var tensors = new Dictionary<string, Tensor>();
        try
        {
            foreach (var entry in root.EnumerateObject())
            {
                if (entry.Name == MetadataKey)
                {
                    if (entry.Value.ValueKind != JsonValueKind.Object) throw Bad(path, "__metadata__ is not an object");
                    foreach (var m in entry.Value.EnumerateObject())
                        metadata[m.Name] = m.Value.ValueKind == JsonValueKind.String ? m.Value.GetString()! : throw Bad(path, $"metadata '{m.Name}' is not a string");
                    continue;
                }
                tensors[entry.Name] = ReadTensor(path, file, entry.Name, entry.Value, dataStart, dataLength);
            }
        }
        catch (Exception e)
        {
            foreach (var t in tensors.Values) t.Dispose();
            if (e is InvalidOperationException or FormatException or KeyNotFoundException or DecoderFallbackException)
                throw Bad(path, $"the safetensors header is malformed ({e.Message})");
            throw;
        }
        return (tensors, metadata);
    }

    private static Tensor ReadTensor(string path, Microsoft.Win32.SafeHandles.SafeFileHandle file, string name, JsonElement info,
        long dataStart, long dataLength)
    {
        string what = $"tensor '{name}'";
        try
        {
            var code = info.GetProperty("dtype").GetString() ?? "";
            if (!Codes.TryGetValue(code, out var dtype)) throw Bad(path, $"{what} has unsupported dtype '{code}'");
            var shape = info.GetProperty("shape").EnumerateArray().Select(e => e.GetInt64()).ToArray();
            var offsets = info.GetProperty("data_offsets").EnumerateArray().Select(e => e.GetInt64()).ToArray();
            var nbytes = checked(RawStorage.NumElOf(shape, $"{path}: {what}") * dtype.ElementSize());
            if (offsets.Length != 2 || offsets[0] < 0 || offsets[0] > offsets[1] || offsets[1] > dataLength)
                throw Bad(path, $"{what} has data offsets [{string.Join(", ", offsets)}] outside the {dataLength} data bytes");
            if (offsets[1] - offsets[0] != nbytes)
                throw Bad(path, $"{what} spans {offsets[1] - offsets[0]} bytes but shape [{string.Join(", ", shape)}] of {code} needs {nbytes}");
            using var raw = RawStorage.Allocate(nbytes);
            for (long done = 0; done < nbytes;)
            {
                var n = RandomAccess.Read(file, raw.Span(done, (int)Math.Min(nbytes - done, 1 << 24)), dataStart + offsets[0] + done);
                if (n <= 0) throw Bad(path, $"{what}: file ends inside its data");
                done += n;
            }
            return raw.ViewContiguous(dtype, shape);
        }
        catch (Exception e) when (e is KeyNotFoundException or InvalidOperationException or FormatException or OverflowException)
        {
            throw Bad(path, $"{what} has a malformed header entry ({e.Message})");
        }
    }

    private static Pv3dException Bad(string path, string what) => new($"{path}: {what}");
}
