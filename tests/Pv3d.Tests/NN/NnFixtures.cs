using System.Text.Json;
using Pv3d.Torch;

namespace Pv3d.Tests.NN;

/// <summary>
/// Reads fixtures/nn/nn_fixtures.json, written by fixtures/make_nn_fixtures.py with Debian's PyTorch:
/// for each case the op name, its parameters, float32 inputs and PyTorch's output.
/// </summary>
internal static class NnFixtures
{
    private static readonly Lazy<Dictionary<string, NnFixtureCase>> All = new(Load);

    public static IEnumerable<string> Names(params string[] ops) =>
        All.Value.Values.Where(c => ops.Length == 0 || ops.Contains(c.Op)).Select(c => c.Name);

    public static NnFixtureCase Get(string name) => All.Value[name];

    private static Dictionary<string, NnFixtureCase> Load()
    {
        var path = Path.Combine(AppContext.BaseDirectory, "fixtures", "nn", "nn_fixtures.json");
        using var doc = JsonDocument.Parse(File.ReadAllText(path));
        var cases = new Dictionary<string, NnFixtureCase>();
        foreach (var c in doc.RootElement.GetProperty("cases").EnumerateArray())
        {
            var inputs = c.GetProperty("inputs").EnumerateObject().ToDictionary(p => p.Name, p => FixtureArray.Parse(p.Value));
            var name = c.GetProperty("name").GetString()!;
            cases[name] = new NnFixtureCase(name, c.GetProperty("op").GetString()!, c.GetProperty("params").Clone(), inputs,
                FixtureArray.Parse(c.GetProperty("output")));
        }
        return cases;
    }
}

internal sealed record FixtureArray(long[] Shape, float[] Data)
{
    public static FixtureArray Parse(JsonElement e) => new(
        e.GetProperty("shape").EnumerateArray().Select(v => v.GetInt64()).ToArray(),
        e.GetProperty("data").EnumerateArray().Select(v => v.GetSingle()).ToArray());

    public Tensor ToTensor() => Tensor.FromArray(Data, Shape);
}

internal sealed record NnFixtureCase(string Name, string Op, JsonElement Params, Dictionary<string, FixtureArray> Inputs, FixtureArray Output)
{
    public Tensor Input(string name) => Inputs[name].ToTensor();

    public Tensor? OptionalInput(string name) => Inputs.ContainsKey(name) ? Input(name) : null;

    public JsonElement P(string name) => Params.GetProperty(name);

    public Pair2d Pair(string name)
    {
        var v = P(name).EnumerateArray().Select(e => e.GetInt64()).ToArray();
        return new Pair2d(v[0], v[1]);
    }

    public long[] Longs(string name) => P(name).EnumerateArray().Select(e => e.GetInt64()).ToArray();

    public FirPadding Padding(string name = "padding")
    {
        var v = Longs(name);
        return new FirPadding(v[0], v[1], v[2], v[3]);
    }

    /// <summary>Checks a result's shape and values against PyTorch's output (stored with 7 significant digits).</summary>
    public void AssertMatches(Tensor actual, double tolerance = 2e-5)
    {
        Assert.Equal(Output.Shape, actual.Shape);
        var values = actual.ToArray<float>();
        var scale = Math.Max(1.0, Output.Data.Max(v => Math.Abs((double)v)));
        for (var i = 0; i < values.Length; i++)
            Assert.True(Math.Abs(values[i] - Output.Data[i]) <= tolerance * scale,
                $"{Name}: element {i} is {values[i]}, PyTorch gave {Output.Data[i]}");
    }
}
