using System.Text.Json;
using Pv3d.Config;
using Pv3d.Rendering;
using Pv3d.Torch;
using Pv3d.Torch.IO;
using static Pv3d.Tests.Rendering.RenderingAssert;

namespace Pv3d.Tests.Rendering;

/// <summary>
/// Stochastic rendering against the official renderer run from the same seed
/// (tests/fixtures/rendering/, made by make_rendering_fixtures.py): the jitter, the importance u,
/// density noise, disparity sampling and 'auto' ray limits must draw the same numbers in the same order.
/// </summary>
[Collection(GlobalRandomCollection.Name)]
public class StochasticRenderingFixtureTests
{
    private static string Dir => Path.Combine(AppContext.BaseDirectory, "fixtures", "rendering");

    public static TheoryData<string> Cases()
    {
        using var doc = JsonDocument.Parse(File.ReadAllText(Path.Combine(Dir, "cases.json")));
        return new TheoryData<string>(doc.RootElement.GetProperty("cases").EnumerateObject().Select(p => p.Name));
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void MatchesTheOfficialRendererFromTheSameSeed(string name)
    {
        using var scope = TensorScope.Enter();
        using var doc = JsonDocument.Parse(File.ReadAllText(Path.Combine(Dir, "cases.json")));
        var spec = doc.RootElement.GetProperty("cases").GetProperty(name);
        var options = RenderingKwargs.FromJson(spec.GetProperty("rendering_options").GetRawText(), "rendering/cases.json").ToRenderingOptions();
        var returnDepth = spec.GetProperty("return_depth").GetBoolean();
        var a = Npz.Load(Path.Combine(Dir, name + ".npz"));
        var (w, b) = (a["in.W"], a["in.b"]);
        var decoder = new DelegateTriplaneDecoder(f =>
        {
            var h = f.Mean(1).Matmul(w) + b;
            return (h.Slice(2, 1).Sigmoid(), h.Slice(2, 0, 1) * 2);
        });

        TorchRandom.ManualSeed(spec.GetProperty("seed").GetInt64());
        var r = new ImportanceRenderer().Forward(a["in.planes"], decoder, a["in.ray_origins"], a["in.ray_directions"], options,
            SamplingMode.Stochastic, returnDepth);

        var outputs = new List<(string, Tensor)> { ("rgb", r.Rgb), ("depth", r.Depth), ("weights", r.WeightsSum) };
        if (returnDepth) outputs.AddRange(new[] { ("xyz", r.Xyz!), ("weight_total", r.WeightTotal!) });
        foreach (var (key, actual) in outputs)
        {
            var expected = a["out." + key];
            Assert.Equal(expected.Shape, actual.Shape);
            var error = RelativeL2(Values(actual), Values(expected));
            Assert.True(error < 1e-4, $"{name}: {key} relative L2 error {error:E3}");
        }
    }
}
