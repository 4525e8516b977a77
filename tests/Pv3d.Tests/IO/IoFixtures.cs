using System.Text.Json;
using Pv3d.Torch;

namespace Pv3d.Tests.IO;

/// <summary>Finds tests/fixtures/io (made by tests/fixtures/make_io_fixtures.py) and its expected values.</summary>
internal static class IoFixtures
{
    private static readonly Lazy<string> Dir = new(() =>
    {
        for (var d = new DirectoryInfo(AppContext.BaseDirectory); d != null; d = d.Parent)
        {
            var candidate = System.IO.Path.Combine(d.FullName, "tests", "fixtures", "io");
            if (Directory.Exists(candidate)) return candidate;
        }
        throw new DirectoryNotFoundException("tests/fixtures/io not found above " + AppContext.BaseDirectory);
    });

    private static readonly Lazy<JsonElement> ExpectedJson = new(() =>
        JsonDocument.Parse(File.ReadAllText(System.IO.Path.Combine(Dir.Value, "expected.json"))).RootElement);

    public static string Path(string name) => System.IO.Path.Combine(Dir.Value, name);

    public static JsonElement Expected(string file, string tensor) => ExpectedJson.Value.GetProperty(file).GetProperty(tensor);

    public static JsonElement ExpectedFile(string file) => ExpectedJson.Value.GetProperty(file);

    /// <summary>A fresh temporary folder, deleted when disposed.</summary>
    public sealed class TempDir : IDisposable
    {
        public string Root { get; } = Directory.CreateTempSubdirectory("pv3d-io-").FullName;
        public string File(string name) => System.IO.Path.Combine(Root, name);
        public void Dispose() => Directory.Delete(Root, recursive: true);
    }

    private static readonly Dictionary<string, DType> TorchDTypes = new()
    {
        ["float32"] = DType.Float32, ["float64"] = DType.Float64, ["float16"] = DType.Float16, ["bfloat16"] = DType.BFloat16,
        ["int64"] = DType.Int64, ["int32"] = DType.Int32, ["uint8"] = DType.UInt8, ["bool"] = DType.Bool,
    };

    /// <summary>Asserts dtype, shape and every value (exactly) against a record written by the fixture script.</summary>
    public static void AssertTensor(JsonElement expected, Tensor actual, bool checkLayout = false)
    {
        Assert.Equal(TorchDTypes[expected.GetProperty("dtype").GetString()!], actual.DType);
        Assert.Equal(expected.GetProperty("shape").EnumerateArray().Select(e => e.GetInt64()).ToArray(), actual.Shape);
        if (checkLayout)
        {
            Assert.Equal(expected.GetProperty("strides").EnumerateArray().Select(e => e.GetInt64()).ToArray(), actual.Strides);
        }
        AssertValues(expected.GetProperty("values"), actual);
    }

    public static void AssertValues(JsonElement values, Tensor actual)
    {
        var items = values.EnumerateArray().ToArray();
        switch (actual.DType)
        {
            case DType.Bool:
                Assert.Equal(items.Select(e => e.GetBoolean() ? (byte)1 : (byte)0).ToArray(), actual.ToArray<byte>());
                break;
            case DType.UInt8 or DType.Int32 or DType.Int64:
            {
                using var l = actual.To(DType.Int64);
                Assert.Equal(items.Select(e => e.GetInt64()).ToArray(), l.ToArray<long>());
                break;
            }
            default:
            {
                using var d = actual.To(DType.Float64);
                Assert.Equal(items.Select(e => e.GetDouble()).ToArray(), d.ToArray<double>());
                break;
            }
        }
    }
}
