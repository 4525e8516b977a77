using System.Globalization;
using System.Text.Json;

namespace Pv3d.Rendering.Cameras;

/// <summary>A camera with the frame name it belongs to.</summary>
public sealed record NamedCamera(string Name, Camera Camera);

/// <summary>Camera files in the official dataset format: a JSON list of <c>[frame_name, [25 numbers]]</c>.</summary>
public static class CameraFile
{
    public static IReadOnlyList<NamedCamera> Load(string path)
    {
        if (!File.Exists(path)) throw new Pv3dException($"{path}: no such camera file");
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(File.ReadAllBytes(path));
        }
        catch (JsonException e)
        {
            throw new Pv3dException($"{path}: not valid JSON (line {e.LineNumber + 1}: {e.Message.Split('.')[0]})", e);
        }
        using (document)
        {
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Array)
                throw new Pv3dException($"{path}: expected a JSON list of [frame_name, [25 numbers]], found a {Kind(root)}");
            if (root.GetArrayLength() == 0) throw new Pv3dException($"{path}: the camera list is empty");
            var result = new List<NamedCamera>();
            var index = 0;
            foreach (var entry in root.EnumerateArray())
                result.Add(ParseEntry(path, index++, entry));
            return result;
        }
    }

    public static void Save(string path, IReadOnlyList<NamedCamera> cameras) => File.WriteAllBytes(path, ToJson(cameras));

    /// <summary>The file's bytes (UTF-8 JSON, compact).</summary>
    public static byte[] ToJson(IReadOnlyList<NamedCamera> cameras)
    {
        using var stream = new MemoryStream();
        using (var writer = new Utf8JsonWriter(stream))
        {
            writer.WriteStartArray();
            foreach (var (name, camera) in cameras)
            {
                writer.WriteStartArray();
                writer.WriteStringValue(name);
                writer.WriteStartArray();
                foreach (var v in camera.Values) writer.WriteNumberValue(v);
                writer.WriteEndArray();
                writer.WriteEndArray();
            }
            writer.WriteEndArray();
        }
        return stream.ToArray();
    }

    private static NamedCamera ParseEntry(string path, int index, JsonElement entry)
    {
        var where = $"{path}: entry {index}";
        if (entry.ValueKind != JsonValueKind.Array || entry.GetArrayLength() != 2)
            throw new Pv3dException($"{where}: expected [frame_name, [25 numbers]], found {Describe(entry)}");
        var nameElement = entry[0];
        var name = nameElement.ValueKind == JsonValueKind.String
            ? nameElement.GetString()!
            : throw new Pv3dException($"{where}: the frame name must be a string, found a {Kind(nameElement)}");
        where = $"{path}: entry {index} ('{name}')";
        var numbers = entry[1];
        if (numbers.ValueKind != JsonValueKind.Array)
            throw new Pv3dException($"{where}: the camera must be a list of {Camera.Length} numbers, found a {Kind(numbers)}");
        if (numbers.GetArrayLength() != Camera.Length)
            throw new Pv3dException($"{where}: expected {Camera.Length} camera numbers (4x4 cam2world then 3x3 intrinsics), got {numbers.GetArrayLength()}");
        var values = new float[Camera.Length];
        var k = 0;
        foreach (var n in numbers.EnumerateArray())
        {
            if (n.ValueKind != JsonValueKind.Number || !n.TryGetDouble(out var d) || !double.IsFinite(d))
                throw new Pv3dException($"{where}: camera number {k} is not a finite number ({Describe(n)})");
            values[k++] = (float)d;
        }
        return new NamedCamera(name, new Camera(values));
    }

    private static string Kind(JsonElement e) => e.ValueKind.ToString().ToLower(CultureInfo.InvariantCulture);

    private static string Describe(JsonElement e)
    {
        var text = e.GetRawText();
        return text.Length <= 60 ? text : text[..57] + "...";
    }
}
