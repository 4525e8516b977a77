using System.Text.Json;
using System.Text.Json.Nodes;

namespace Pv3d.Config;

/// <summary>Config trees (see <see cref="ConfigTree"/>) to and from JSON text.</summary>
public static class ConfigJson
{
    public static Dictionary<string, object?> Read(string json, string source)
    {
        JsonNode? node;
        try
        {
            node = JsonNode.Parse(json);
        }
        catch (JsonException e)
        {
            throw new Pv3dException($"{source}: not valid JSON ({e.Message})");
        }
        return FromNode(node) as Dictionary<string, object?>
               ?? throw new Pv3dException($"{source}: a config must be a JSON object at the top");
    }

    public static string Write(Dictionary<string, object?> tree, bool indented = false) =>
        ToNode(tree)!.ToJsonString(new JsonSerializerOptions { WriteIndented = indented });

    private static object? FromNode(JsonNode? node) => node switch
    {
        null => null,
        JsonObject o => o.ToDictionary(kv => kv.Key, kv => FromNode(kv.Value)),
        JsonArray a => a.Select(FromNode).ToList(),
        JsonValue v => v.GetValueKind() switch
        {
            JsonValueKind.String => v.GetValue<string>(),
            JsonValueKind.True => true,
            JsonValueKind.False => false,
            JsonValueKind.Number when v.TryGetValue<long>(out var l) => l,
            JsonValueKind.Number => v.GetValue<double>(),
            _ => null,
        },
        _ => null,
    };

    private static JsonNode? ToNode(object? value) => value switch
    {
        null => null,
        Dictionary<string, object?> d => new JsonObject(d.Select(kv => KeyValuePair.Create(kv.Key, ToNode(kv.Value)))),
        List<object?> l => new JsonArray(l.Select(ToNode).ToArray()),
        string s => JsonValue.Create(s),
        bool b => JsonValue.Create(b),
        long l => JsonValue.Create(l),
        int i => JsonValue.Create((long)i),
        double x => JsonValue.Create(x),
        _ => throw new ArgumentException($"a config tree cannot hold a {value.GetType().Name}"),
    };
}
