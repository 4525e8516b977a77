using Pv3d.Torch;
using Pv3d.Torch.IO;

namespace Pv3d.Tests.Metrics;

/// <summary>Finds tests/fixtures/metrics (made by tests/fixtures/make_metrics_fixtures.py).</summary>
internal static class MetricsFixtures
{
    private static readonly Lazy<string> Dir = new(() =>
    {
        for (var d = new DirectoryInfo(AppContext.BaseDirectory); d != null; d = d.Parent)
        {
            var candidate = System.IO.Path.Combine(d.FullName, "tests", "fixtures", "metrics");
            if (Directory.Exists(candidate)) return candidate;
        }
        throw new DirectoryNotFoundException("tests/fixtures/metrics not found above " + AppContext.BaseDirectory);
    });

    public const string VoxCelebPickle = "voxceleb-512-pytorch_i3d_1mQK8KD8G6UWRa5t87SRMm5PVXtlpneJT-5139ceafbe83b8f93633db0a2419a727.pkl";

    public static string Path(string name) => System.IO.Path.Combine(Dir.Value, name);

    /// <summary>Loads an NPZ of the fixture folder; tensors are detached from scopes (the caller disposes nothing).</summary>
    public static Dictionary<string, Tensor> Load(string name)
    {
        var arrays = Npz.Load(Path(name));
        foreach (var t in arrays.Values) t.DetachFromScopes();
        return arrays;
    }

    public static double[] Doubles(this Dictionary<string, Tensor> arrays, string key) => arrays[key].To(DType.Float64).ToArray<double>();

    public static double Scalar(this Dictionary<string, Tensor> arrays, string key) => arrays.Doubles(key)[0];

    public static void AssertClose(double[] expected, double[] actual, double atol, double rtol, string what)
    {
        Assert.Equal(expected.Length, actual.Length);
        for (var i = 0; i < expected.Length; i++)
        {
            var tol = atol + rtol * Math.Abs(expected[i]);
            Assert.True(Math.Abs(expected[i] - actual[i]) <= tol,
                $"{what}[{i}]: expected {expected[i]:R}, got {actual[i]:R} (tolerance {tol:G3})");
        }
    }
}
