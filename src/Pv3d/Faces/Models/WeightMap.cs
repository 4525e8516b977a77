using System.Text.Json;
using Pv3d.Torch;

namespace Pv3d.Faces.Models;

/// <summary>
/// The named tensors of one TensorFlow.js weight manifest (<c>*-weights_manifest.json</c>, the format face-api's
/// models ship in; tfjs counterpart: <c>tf.io.decodeWeights</c>). The manifest is a JSON list of groups
/// <c>{paths: [...bin], weights: [{name, shape, dtype, quantization?: {dtype, scale, min}}]}</c>; a group's .bin
/// files are one byte stream holding its weights back to back in manifest order. Quantised weights are stored as
/// uint8 (or uint16) codes q and mean <c>q * scale + min</c> (computed in double and rounded to float32, as tfjs
/// does); unquantised ones are little-endian float32 or int32. Every tensor comes back as float32 in the manifest's
/// layout (TF: conv filters HWIO, depthwise filters [kh, kw, C, 1]). Owns its tensors.
/// </summary>
public sealed class WeightMap : IDisposable
{
    private readonly Dictionary<string, Tensor> _tensors = new(StringComparer.Ordinal);

    private WeightMap(string source) => Source = source;

    /// <summary>The manifest the weights came from (for messages).</summary>
    public string Source { get; }

    public IReadOnlyCollection<string> Names => _tensors.Keys;

    public static WeightMap Load(string manifestPath)
    {
        if (!File.Exists(manifestPath))
            throw new Pv3dException($"{manifestPath}: weight manifest not found; run ./setup.sh to fetch the face models");
        JsonDocument document;
        try { document = JsonDocument.Parse(File.ReadAllBytes(manifestPath)); }
        catch (JsonException e) { throw new Pv3dException($"{manifestPath}: not a valid weight manifest ({e.Message})"); }
        using var owned = document;
        var root = document.RootElement;
        if (root.ValueKind != JsonValueKind.Array)
            throw new Pv3dException($"{manifestPath}: a weight manifest is a JSON list of weight groups");
        var map = new WeightMap(manifestPath);
        try
        {
            var dir = Path.GetDirectoryName(Path.GetFullPath(manifestPath))!;
            foreach (var group in root.EnumerateArray()) map.LoadGroup(group, dir);
        }
        catch
        {
            map.Dispose();
            throw;
        }
        return map;
    }

    private void LoadGroup(JsonElement group, string dir)
    {
        if (!group.TryGetProperty("paths", out var paths) || !group.TryGetProperty("weights", out var weights))
            throw new Pv3dException($"{Source}: a weight group needs 'paths' and 'weights'");
        using var bytes = new MemoryStream();
        foreach (var p in paths.EnumerateArray())
        {
            var binPath = Path.Combine(dir, p.GetString() ?? "");
            if (!File.Exists(binPath)) throw new Pv3dException($"{binPath}: weight file named by {Source} not found; run ./setup.sh");
            using var f = File.OpenRead(binPath);
            f.CopyTo(bytes);
        }
        var data = bytes.GetBuffer().AsSpan(0, (int)bytes.Length);
        var offset = 0;
        foreach (var w in weights.EnumerateArray())
        {
            var name = w.GetProperty("name").GetString() ?? throw new Pv3dException($"{Source}: a weight without a name");
            var shape = w.GetProperty("shape").EnumerateArray().Select(e => e.GetInt64()).ToArray();
            var dtype = w.GetProperty("dtype").GetString();
            var count = shape.Aggregate(1L, (a, b) => a * b);
            var values = new float[count];
            if (w.TryGetProperty("quantization", out var q) && q.ValueKind == JsonValueKind.Object)
            {
                var qType = q.GetProperty("dtype").GetString();
                var scale = q.GetProperty("scale").GetDouble();
                var min = q.GetProperty("min").GetDouble();
                var width = qType switch
                {
                    "uint8" => 1,
                    "uint16" => 2,
                    _ => throw new Pv3dException($"{Source}: weight {name} uses quantisation {qType}, which is not supported (uint8, uint16)"),
                };
                var need = checked(count * width);
                CheckLength(name, offset, need, data.Length);
                for (var i = 0; i < count; i++)
                {
                    var code = width == 1 ? data[offset + i] : BitConverter.ToUInt16(data.Slice(offset + 2 * i, 2));
                    values[i] = (float)(code * scale + min);
                }
                offset += (int)need;
            }
            else
            {
                var need = checked(count * 4);
                CheckLength(name, offset, need, data.Length);
                var slice = data.Slice(offset, (int)need);
                for (var i = 0; i < count; i++)
                    values[i] = dtype switch
                    {
                        "float32" => BitConverter.ToSingle(slice.Slice(4 * i, 4)),
                        "int32" => BitConverter.ToInt32(slice.Slice(4 * i, 4)),
                        _ => throw new Pv3dException($"{Source}: weight {name} has dtype {dtype}, which is not supported (float32, int32)"),
                    };
                offset += (int)need;
            }
            var tensor = Tensor.FromArray(values, shape).DetachFromScopes();
            if (_tensors.Remove(name, out var old)) old.Dispose();
            _tensors[name] = tensor;
        }
        if (offset != data.Length)
            throw new Pv3dException($"{Source}: the weight files hold {data.Length} bytes but the manifest describes {offset}");
    }

    private void CheckLength(string name, int offset, long need, int length)
    {
        if (offset + need > length)
            throw new Pv3dException($"{Source}: weight {name} runs past the end of the weight files ({offset + need} > {length} bytes); the model files are truncated, run ./setup.sh");
    }

    public bool Contains(string name) => _tensors.ContainsKey(name);

    /// <summary>The weight <paramref name="name"/>, checked to have the given shape (null entries match any size).</summary>
    public Tensor Get(string name, params long?[] shape)
    {
        if (!_tensors.TryGetValue(name, out var t))
            throw new Pv3dException($"{Source}: weight {name} is missing; the file does not hold the expected model");
        var actual = t.Shape;
        if (shape.Length > 0 && (actual.Length != shape.Length || shape.Where((s, i) => s is not null && s != actual[i]).Any()))
            throw new Pv3dException($"{Source}: weight {name} has shape [{string.Join(", ", actual)}], expected [{string.Join(", ", shape.Select(s => s?.ToString() ?? "*"))}]");
        return t;
    }

    public void Dispose()
    {
        foreach (var t in _tensors.Values) t.Dispose();
        _tensors.Clear();
    }
}
