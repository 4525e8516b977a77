using Pv3d.Torch;
using Pv3d.Torch.Modules;

namespace Pv3d.Tests.Metrics;

/// <summary>
/// The deterministic non-zero weights of make_metrics_fixtures.py's <c>fill_weights</c>: state-dict entry i
/// (num_batches_tracked aside) gets randn(seed + i) shaped into a plausible value (weights: std sqrt(gain / fan_in)). Same order, same numbers, so a
/// network with other names or another order fails its fixture.
/// </summary>
internal static class FixtureWeights
{
    public static void Fill(Module module, long seed, double gain = 2.0)
    {
        using var scope = TensorScope.Enter();
        using var noGrad = Pv3d.Torch.Autograd.NoGrad();
        var i = 0;
        foreach (var (name, t) in module.StateDict())
        {
            var index = i++;
            if (name.EndsWith("num_batches_tracked", StringComparison.Ordinal)) continue;
            var r = Tensor.RandnSeeded(t.Shape, seed + index);
            Tensor v;
            if (name.EndsWith("running_var", StringComparison.Ordinal)) v = r.Abs() * 0.5 + 0.5;
            else if (name.EndsWith("running_mean", StringComparison.Ordinal) || name.EndsWith("bias", StringComparison.Ordinal)) v = r * 0.1;
            else if (t.Dim == 1) v = r * 0.1 + 1.0;
            else v = r * Math.Sqrt(gain / t.Shape.Skip(1).Aggregate(1L, (a, b) => a * b));
            t.CopyFrom(v);
        }
    }

    /// <summary>The "name\t[shape]" lines the fixture script wrote for the official module.</summary>
    public static string[] KeysOf(Module module) =>
        module.StateDict().Select(kv => $"{kv.Key}\t[{string.Join(", ", kv.Value.Shape)}]").ToArray();
}
