using System.Text.Json;
using Pv3d.Torch;
using Pv3d.Torch.Modules;

namespace Pv3d.Tests.Checkpoints;

/// <summary>tests/fixtures/checkpoints (made by tests/fixtures/make_checkpoint_fixtures.py from the official configs).</summary>
internal static class CheckpointFixtures
{
    private static readonly Lazy<string> Dir = new(() =>
    {
        for (var d = new DirectoryInfo(AppContext.BaseDirectory); d != null; d = d.Parent)
        {
            var candidate = System.IO.Path.Combine(d.FullName, "tests", "fixtures", "checkpoints");
            if (Directory.Exists(candidate)) return candidate;
        }
        throw new DirectoryNotFoundException("tests/fixtures/checkpoints not found above " + AppContext.BaseDirectory);
    });

    public static string Path(string name) => System.IO.Path.Combine(Dir.Value, name);

    public static JsonElement Expected => JsonDocument.Parse(File.ReadAllText(Path("expected.json"))).RootElement;

    public static float[] ExpectedValues(string network, string key) =>
        Expected.GetProperty(network).GetProperty(key).EnumerateArray().Select(e => e.GetSingle()).ToArray();

    /// <summary>The tiny network stored under each prefix of the fixture checkpoints.</summary>
    public sealed class StandIn : Module
    {
        public StandIn(long outFeatures = 2)
        {
            RegisterModule("lin", new Linear(3, outFeatures));
            RegisterBuffer("lin_avg", Tensor.Zeros([4]));
        }
    }
}
