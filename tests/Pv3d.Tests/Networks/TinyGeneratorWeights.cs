using System.Text.Json;
using Pv3d.Torch;
using Pv3d.Torch.IO;
using Pv3d.Torch.IO.Pickle;

namespace Pv3d.Tests.Networks;

/// <summary>
/// The tiny TriPlaneGenerator of tests/fixtures/generator/tiny_generator.json: its config dict (as the official
/// checkpoint stores it under "config"), its weights rebuilt from the per-key seed rule, and the official
/// inputs/outputs in tiny_generator_io.npz (deterministic rendering, noise_mode const).
/// </summary>
public static class TinyGeneratorWeights
{
    private static readonly Lazy<JsonDocument> Doc = new(() =>
    {
        var path = GeneratorFixture.PathOf("tiny_generator.json");
        if (!File.Exists(path))
            throw new FileNotFoundException($"{path} is missing; run tests/fixtures/make_generator_fixtures.py");
        return JsonDocument.Parse(File.ReadAllText(path));
    });

    public static JsonElement Document => Doc.Value.RootElement;

    /// <summary>The whole config dict (model_config.pv3d.generator, training.rendering_resolution, ...).</summary>
    public static JsonElement Config => Document.GetProperty("config");

    /// <summary>The "io" description: truncation psi/cutoff, neural rendering resolution, shapes.</summary>
    public static JsonElement Io => Document.GetProperty("io");

    public static string IoPath => GeneratorFixture.PathOf(Io.GetProperty("file").GetString()!);

    /// <summary>
    /// The generator_ema state dict (official keys, without the "generator_ema." prefix), or with
    /// <paramref name="trainingCopy"/> the different weights the checkpoint stores under "generator.".
    /// Tensors belong to the caller's current scope.
    /// </summary>
    public static OrderedDictionary<string, Tensor> Build(bool trainingCopy = false)
    {
        var weights = Document.GetProperty("weights");
        return SeededWeights.Build(weights, trainingCopy ? weights.GetProperty("train_seed_base").GetInt64() : null);
    }

    /// <summary>in.z, in.z_motion, in.t, in.c, in.c_mapping, in.coordinates and the official out.* (caller's scope).</summary>
    public static Dictionary<string, Tensor> LoadIo() => Npz.Load(IoPath);

    /// <summary>
    /// Writes an official-layout checkpoint (torch.save zip: {"model": {pl_mean, generator.*, generator_ema.*},
    /// "config": config dict}) equal to the one the fixture script saves, for loader and CLI tests.
    /// </summary>
    public static void WriteOfficialCheckpoint(string path)
    {
        using var scope = TensorScope.Enter();
        var model = new PyOrderedDict();
        model["pl_mean"] = Tensor.Zeros(System.Array.Empty<long>());
        foreach (var (k, t) in Build(trainingCopy: true)) model["generator." + k] = t;
        foreach (var (k, t) in Build()) model["generator_ema." + k] = t;
        var root = new Dictionary<object, object?>
        {
            ["model"] = model,
            ["config"] = ToPython(Config),
            ["current_iteration"] = 0L,
            ["num_updates"] = 0L,
        };
        TorchCheckpoint.Save(path, root);
    }

    /// <summary>JSON as the plain values a pickled Python dict holds (dict, list, str, int, float, bool, None).</summary>
    public static object? ToPython(JsonElement e) => e.ValueKind switch
    {
        JsonValueKind.Object => e.EnumerateObject().ToDictionary(p => (object)p.Name, p => ToPython(p.Value)),
        JsonValueKind.Array => e.EnumerateArray().Select(ToPython).ToList(),
        JsonValueKind.String => e.GetString(),
        JsonValueKind.Number => e.TryGetInt64(out var l) && !e.GetRawText().Contains('.') && !e.GetRawText().Contains('e') ? l : e.GetDouble(),
        JsonValueKind.True => true,
        JsonValueKind.False => false,
        _ => null,
    };
}
