using System.Text.Json;
using Pv3d.Torch;
using Pv3d.Torch.IO;

namespace Pv3d.Tests.Networks;

/// <summary>
/// One case of tests/fixtures/generator/ (made by make_generator_fixtures.py from the official PV3D code):
/// its entry in cases.json (class, constructor kwargs <see cref="Init"/>, forward kwargs <see cref="Forward"/>)
/// and its NPZ (<c>param.*</c> module-relative weights, <c>in.*</c> inputs, <c>out.*</c> official outputs).
/// Big outputs are stored as a fixed subset of flat indices plus the mean/std of the whole tensor;
/// <see cref="AssertOutput"/> handles both forms. A missing case or file throws: tests fail, never skip.
/// </summary>
public sealed class GeneratorFixture : IDisposable
{
    private static readonly Lazy<JsonDocument> CasesDocument = new(() =>
    {
        var path = PathOf("cases.json");
        if (!File.Exists(path))
            throw new FileNotFoundException($"generator fixtures: {path} is missing; run tests/fixtures/make_generator_fixtures.py");
        return JsonDocument.Parse(File.ReadAllText(path));
    });

    private readonly Dictionary<string, Tensor> _arrays;
    private OrderedDictionary<string, Tensor>? _params;

    private GeneratorFixture(string name, JsonElement entry, Dictionary<string, Tensor> arrays)
    {
        Name = name;
        Case = entry;
        _arrays = arrays;
    }

    public static string Directory => Path.Combine(AppContext.BaseDirectory, "fixtures", "generator");

    public static string PathOf(string file) => Path.Combine(Directory, file);

    /// <summary>Every case name in cases.json.</summary>
    public static IReadOnlyList<string> CaseNames() =>
        CasesDocument.Value.RootElement.GetProperty("cases").EnumerateObject().Select(p => p.Name).ToList();

    /// <summary>Names of the cases whose official class (or function) is <paramref name="className"/>.</summary>
    public static IReadOnlyList<string> CaseNames(string className) =>
        CasesDocument.Value.RootElement.GetProperty("cases").EnumerateObject()
            .Where(p => p.Value.GetProperty("class").GetString() == className).Select(p => p.Name).ToList();

    public static GeneratorFixture Load(string name)
    {
        if (!CasesDocument.Value.RootElement.GetProperty("cases").TryGetProperty(name, out var entry))
            throw new KeyNotFoundException($"generator fixture case '{name}' is not in {PathOf("cases.json")}");
        var npz = PathOf(name + ".npz");
        if (!File.Exists(npz))
            throw new FileNotFoundException($"generator fixture case '{name}': {npz} is missing; run tests/fixtures/make_generator_fixtures.py");
        var arrays = Npz.Load(npz);
        foreach (var t in arrays.Values) t.DetachFromScopes();
        return new GeneratorFixture(name, entry.Clone(), arrays);
    }

    public string Name { get; }

    /// <summary>The whole cases.json entry.</summary>
    public JsonElement Case { get; }

    /// <summary>The official class or function name, e.g. "SynthesisLayer", "modulated_conv2d".</summary>
    public string ClassName => Case.GetProperty("class").GetString()!;

    public string Description => Case.GetProperty("description").GetString()!;

    /// <summary>Constructor kwargs with the official (Python) names.</summary>
    public JsonElement Init => Case.GetProperty("init");

    /// <summary>Non-tensor forward kwargs with the official (Python) names.</summary>
    public JsonElement Forward => Case.GetProperty("forward");

    /// <summary>Whether the official module ran in training mode (non-fused modconv for 'inference_only').</summary>
    public bool Training => Case.GetProperty("training").GetBoolean();

    // ---- kwargs -----------------------------------------------------------------------------

    public long InitLong(string key) => Get(Init, "init", key).GetInt64();
    public int InitInt(string key) => Get(Init, "init", key).GetInt32();
    public double InitDouble(string key) => Get(Init, "init", key).GetDouble();
    public bool InitBool(string key) => Get(Init, "init", key).GetBoolean();
    public string InitString(string key) => Get(Init, "init", key).GetString()!;
    /// <summary>A number that may be null (e.g. conv_clamp); absent keys read as null too.</summary>
    public double? InitDoubleOrNull(string key) => NullableDouble(Init, key);
    /// <summary>True when the constructor kwarg is present.</summary>
    public bool HasInit(string key) => Init.TryGetProperty(key, out _);

    public long ForwardLong(string key) => Get(Forward, "forward", key).GetInt64();
    public int ForwardInt(string key) => Get(Forward, "forward", key).GetInt32();
    public double ForwardDouble(string key) => Get(Forward, "forward", key).GetDouble();
    public bool ForwardBool(string key) => Get(Forward, "forward", key).GetBoolean();
    public string ForwardString(string key) => Get(Forward, "forward", key).GetString()!;
    public double? ForwardDoubleOrNull(string key) => NullableDouble(Forward, key);
    public bool HasForward(string key) => Forward.TryGetProperty(key, out _);
    public JsonElement ForwardElement(string key) => Get(Forward, "forward", key);

    private JsonElement Get(JsonElement obj, string what, string key) =>
        obj.TryGetProperty(key, out var v) ? v
            : throw new KeyNotFoundException($"generator fixture case '{Name}': {what} kwarg '{key}' is missing");

    private static double? NullableDouble(JsonElement obj, string key) =>
        obj.TryGetProperty(key, out var v) && v.ValueKind != JsonValueKind.Null ? v.GetDouble() : null;

    // ---- tensors ----------------------------------------------------------------------------

    /// <summary>
    /// The module's state dict with module-relative official keys, ready for <c>LoadStateDict(strict: true)</c>:
    /// the stored <c>param.*</c> arrays, or (for big modules) the tensors rebuilt from the case's seed rule.
    /// Owned by the fixture (LoadStateDict copies them).
    /// </summary>
    public IReadOnlyDictionary<string, Tensor> Params
    {
        get
        {
            if (_params is not null) return _params;
            if (!Case.TryGetProperty("weights", out var weights))
                throw new InvalidOperationException($"generator fixture case '{Name}' ({ClassName}) has no module weights");
            _params = new OrderedDictionary<string, Tensor>();
            if (Case.GetProperty("params_in_npz").GetBoolean())
            {
                foreach (var entry in weights.GetProperty("keys").EnumerateArray())
                {
                    var key = entry[0].GetString()!;
                    _params[key] = Array("param." + key);
                }
            }
            else
            {
                foreach (var (k, t) in SeededWeights.Build(weights)) _params[k] = t.DetachFromScopes();
            }
            return _params;
        }
    }

    /// <summary>The weights rebuilt from the seed rule, whether or not the NPZ also stores them (caller's scope).</summary>
    public OrderedDictionary<string, Tensor> SeededParams() =>
        SeededWeights.Build(Case.TryGetProperty("weights", out var w) ? w
            : throw new InvalidOperationException($"generator fixture case '{Name}' has no module weights"));

    public bool HasInput(string name) => _arrays.ContainsKey("in." + name);

    /// <summary>A fresh copy (in the caller's scope) of input <paramref name="name"/>, so in-place ops cannot alter the fixture.</summary>
    public Tensor Input(string name) => Array("in." + name).Clone();

    public Tensor? OptionalInput(string name) => HasInput(name) ? Input(name) : null;

    /// <summary>A copy of a fully stored output (throws for outputs stored as a subset).</summary>
    public Tensor Output(string name)
    {
        if (IsSubset(name))
            throw new InvalidOperationException($"generator fixture case '{Name}': output '{name}' is stored as a subset; use AssertOutput");
        return Array("out." + name).Clone();
    }

    public IReadOnlyList<string> OutputNames => Case.GetProperty("outputs").EnumerateObject().Select(p => p.Name).ToList();

    public long[] OutputShape(string name) =>
        OutputInfo(name).GetProperty("shape").EnumerateArray().Select(e => e.GetInt64()).ToArray();

    private bool IsSubset(string name) => OutputInfo(name).GetProperty("stored").GetString() == "subset";

    private JsonElement OutputInfo(string name) =>
        Case.GetProperty("outputs").TryGetProperty(name, out var info) ? info
            : throw new KeyNotFoundException($"generator fixture case '{Name}' has no output '{name}'");

    private Tensor Array(string key) =>
        _arrays.TryGetValue(key, out var t) ? t
            : throw new KeyNotFoundException($"generator fixture case '{Name}': array '{key}' is missing from {Name}.npz");

    // ---- comparisons ------------------------------------------------------------------------

    /// <summary>
    /// Checks <paramref name="actual"/> against the official output <paramref name="name"/>: same shape and
    /// relative L2 error below <paramref name="tolerance"/> (on the stored subset for big outputs, plus the
    /// whole tensor's mean and std).
    /// </summary>
    public void AssertOutput(string name, Tensor actual, double tolerance = 1e-4)
    {
        var shape = OutputShape(name);
        Assert.True(shape.SequenceEqual(actual.Shape),
            $"{Name}: output '{name}' has shape [{string.Join(", ", actual.Shape)}], official [{string.Join(", ", shape)}]");
        if (!IsSubset(name))
        {
            AssertClose(Array("out." + name), actual, tolerance, name);
            return;
        }
        var values = ToDoubles(actual);
        AssertSubset($"{Name}: output '{name}'", values, Array($"out.{name}_index").ToArray<long>(),
            ToDoubles(Array($"out.{name}_values")), Array($"out.{name}_mean").Item(), Array($"out.{name}_std").Item(), tolerance);
    }

    /// <summary>Relative L2 check naming this case (and <paramref name="what"/>) in the failure message.</summary>
    public void AssertClose(Tensor expected, Tensor actual, double tolerance = 1e-4, string? what = null) =>
        AssertRelativeClose(expected, actual, tolerance, what is null ? Name : $"{Name}: {what}");

    /// <summary>Asserts equal shapes and <c>||actual - expected|| / ||expected|| &lt; tolerance</c>.</summary>
    public static void AssertRelativeClose(Tensor expected, Tensor actual, double tolerance, string what)
    {
        Assert.True(expected.Shape.SequenceEqual(actual.Shape),
                $"{what}: shape [{string.Join(", ", actual.Shape)}], expected [{string.Join(", ", expected.Shape)}]");
        var error = RelativeL2(ToDoubles(expected), ToDoubles(actual));
        Assert.True(error < tolerance, $"{what}: relative L2 error {error:E3} (tolerance {tolerance:E1})");
    }

    /// <summary>Checks the values at flat <paramref name="index"/> and the whole tensor's mean and population std.</summary>
    public static void AssertSubset(string what, double[] actual, long[] index, double[] expectedValues, double expectedMean,
        double expectedStd, double tolerance)
    {
        var picked = index.Select(i => actual[i]).ToArray();
        var error = RelativeL2(expectedValues, picked);
        Assert.True(error < tolerance, $"{what}: relative L2 error {error:E3} on {index.Length} stored elements (tolerance {tolerance:E1})");
        var mean = actual.Average();
        var std = Math.Sqrt(actual.Select(v => (v - mean) * (v - mean)).Average());
        var scale = Math.Max(expectedStd, 1e-12);
        Assert.True(Math.Abs(mean - expectedMean) < tolerance * scale,
            $"{what}: mean {mean:G9}, official {expectedMean:G9} (tolerance {tolerance:E1} x std)");
        Assert.True(Math.Abs(std - expectedStd) < tolerance * scale,
            $"{what}: std {std:G9}, official {expectedStd:G9} (relative tolerance {tolerance:E1})");
    }

    public static double RelativeL2(double[] expected, double[] actual)
    {
        if (expected.Length != actual.Length)
            throw new ArgumentException($"{actual.Length} values compared with {expected.Length}");
        double diff = 0, norm = 0;
        for (var i = 0; i < expected.Length; i++)
        {
            var d = actual[i] - expected[i];
            diff += d * d;
            norm += expected[i] * expected[i];
        }
        if (double.IsNaN(diff)) return double.NaN;
        return norm == 0 ? Math.Sqrt(diff) : Math.Sqrt(diff / norm);
    }

    /// <summary>The elements as doubles, row-major (any dtype, any layout, any device).</summary>
    public static double[] ToDoubles(Tensor t)
    {
        using var scope = TensorScope.Enter();
        return t.To(Device.CPU, DType.Float64, copy: true).Contiguous().ToArray<double>();
    }

    public void Dispose()
    {
        foreach (var t in _arrays.Values) t.Dispose();
        if (_params is not null && !Case.GetProperty("params_in_npz").GetBoolean())
            foreach (var t in _params.Values) t.Dispose();
        _arrays.Clear();
    }
}
