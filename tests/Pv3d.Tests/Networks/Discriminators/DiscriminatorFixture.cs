using System.Text.Json;
using Pv3d.Networks.Discriminators;
using Pv3d.Torch;
using Pv3d.Torch.IO;

namespace Pv3d.Tests.Networks.Discriminators;

/// <summary>
/// One case of tests/fixtures/discriminators/ (made by make_discriminator_fixtures.py from the official
/// PV3D discriminators): the cases.json entry and the NPZ arrays <c>param.*</c> (the whole state dict,
/// module-relative keys), <c>in.*</c> and <c>out.*</c>. A missing case or file throws: tests fail, never skip.
/// </summary>
public sealed class DiscriminatorFixture : IDisposable
{
    private static readonly Lazy<JsonDocument> CasesDocument = new(() =>
    {
        var path = PathOf("cases.json");
        if (!File.Exists(path))
            throw new FileNotFoundException($"discriminator fixtures: {path} is missing; run tests/fixtures/make_discriminator_fixtures.py");
        return JsonDocument.Parse(File.ReadAllText(path));
    });

    private readonly Dictionary<string, Tensor> _arrays;

    private DiscriminatorFixture(string name, JsonElement entry, Dictionary<string, Tensor> arrays)
    {
        Name = name;
        Case = entry;
        _arrays = arrays;
    }

    public static string PathOf(string file) => Path.Combine(AppContext.BaseDirectory, "fixtures", "discriminators", file);

    public static DiscriminatorFixture Load(string name)
    {
        if (!CasesDocument.Value.RootElement.GetProperty("cases").TryGetProperty(name, out var entry))
            throw new KeyNotFoundException($"discriminator fixture case '{name}' is not in {PathOf("cases.json")}");
        var arrays = Npz.Load(PathOf(name + ".npz"));
        foreach (var t in arrays.Values) t.DetachFromScopes();
        return new DiscriminatorFixture(name, entry.Clone(), arrays);
    }

    public string Name { get; }
    public JsonElement Case { get; }
    public JsonElement Init => Case.GetProperty("init");

    /// <summary>The whole-discriminator options of the case, read by hand (independently of the config reader).</summary>
    public DiscriminatorOptions Options()
    {
        var i = Init;
        return new DiscriminatorOptions
        {
            CDim = i.GetProperty("c_dim").GetInt64(),
            ImgResolution = i.GetProperty("img_resolution").GetInt64(),
            ImgChannels = i.GetProperty("img_channels").GetInt64(),
            ChannelBase = i.GetProperty("channel_base").GetInt64(),
            ChannelMax = i.GetProperty("channel_max").GetInt64(),
            ConvClamp = i.GetProperty("conv_clamp").GetDouble(),
            MbstdGroupSize = i.GetProperty("epilogue_kwargs").GetProperty("mbstd_group_size").GetInt32(),
        };
    }

    /// <summary>The official state-dict keys in order.</summary>
    public IReadOnlyList<string> Keys =>
        Case.GetProperty("keys").EnumerateArray().Select(e => e[0].GetString()!).ToList();

    /// <summary>The official state dict (module-relative keys), owned by the fixture.</summary>
    public Dictionary<string, Tensor> Params =>
        _arrays.Where(kv => kv.Key.StartsWith("param.", StringComparison.Ordinal))
            .ToDictionary(kv => kv.Key["param.".Length..], kv => kv.Value);

    public Tensor Input(string name) => Array("in." + name);
    public Tensor Output(string name) => Array("out." + name);

    private Tensor Array(string key) =>
        _arrays.TryGetValue(key, out var t) ? t : throw new KeyNotFoundException($"discriminator fixture case '{Name}' has no array '{key}'");

    public void Dispose()
    {
        foreach (var t in _arrays.Values) t.Dispose();
    }
}
