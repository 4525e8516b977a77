using System.Text.Json;
using Pv3d.Torch;

namespace Pv3d.Tests.Ops;

/// <summary>
/// Reads tests/fixtures/ops/ops_fixtures.json (written by tests/fixtures/make_ops_fixtures.py with
/// Debian's PyTorch): named cases, each a set of arrays {shape, dtype, data}.
/// </summary>
internal static class OpsFixtures
{
    private static readonly Lazy<JsonElement> Cases = new(() =>
    {
        for (var d = new DirectoryInfo(AppContext.BaseDirectory); d != null; d = d.Parent)
        {
            var path = Path.Combine(d.FullName, "tests", "fixtures", "ops", "ops_fixtures.json");
            if (File.Exists(path)) return JsonDocument.Parse(File.ReadAllText(path)).RootElement.GetProperty("cases").Clone();
        }
        throw new FileNotFoundException("tests/fixtures/ops/ops_fixtures.json not found above " + AppContext.BaseDirectory);
    });

    private static JsonElement Array(string testCase, string name) => Cases.Value.GetProperty(testCase).GetProperty(name);

    public static long[] Shape(string testCase, string name) =>
        Array(testCase, name).GetProperty("shape").EnumerateArray().Select(v => v.GetInt64()).ToArray();

    public static double[] Doubles(string testCase, string name) =>
        Array(testCase, name).GetProperty("data").EnumerateArray().Select(v => v.GetDouble()).ToArray();

    public static long[] Longs(string testCase, string name) =>
        Array(testCase, name).GetProperty("data").EnumerateArray().Select(v => v.GetInt64()).ToArray();

    /// <summary>The array as a tensor: float64 for floating data, int64 for integer data.</summary>
    public static Tensor Load(string testCase, string name)
    {
        var dtype = Array(testCase, name).GetProperty("dtype").GetString();
        return dtype is "int64"
            ? Tensor.FromArray(Longs(testCase, name), Shape(testCase, name))
            : Tensor.FromArray(Doubles(testCase, name), Shape(testCase, name));
    }
}
