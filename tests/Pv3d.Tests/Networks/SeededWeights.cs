using System.Text.Json;
using System.Text.RegularExpressions;
using Pv3d.Torch;

namespace Pv3d.Tests.Networks;

/// <summary>
/// Rebuilds weights written by tests/fixtures/make_generator_fixtures.py from their seed rule instead of
/// storing them: entry i (state-dict order) is <c>manual_seed(seed_base + i); randn(shape) [* scale] [+ offset]</c>,
/// (scale, offset) taken from the first rule whose regex matches the key anywhere (Python's re.search);
/// kind "filter" is setup_filter([1,3,3,1]). libtorch draws the same numbers here as in Python; a private generator
/// per tensor keeps tests running in parallel (and building modules) from interleaving with the draws.
/// </summary>
public static class SeededWeights
{
    /// <summary>
    /// Builds the tensors described by a "weights" JSON object ({seed_base, rules, keys}). The tensors belong
    /// to the caller's current scope. <paramref name="seedBase"/> overrides the stored seed_base.
    /// </summary>
    public static OrderedDictionary<string, Tensor> Build(JsonElement weights, long? seedBase = null)
    {
        var seed = seedBase ?? weights.GetProperty("seed_base").GetInt64();
        var rules = weights.GetProperty("rules").EnumerateArray().Select(Rule.Parse).ToArray();
        var result = new OrderedDictionary<string, Tensor>();
        var index = 0;
        foreach (var entry in weights.GetProperty("keys").EnumerateArray())
        {
            var key = entry[0].GetString()!;
            var shape = entry[1].EnumerateArray().Select(e => e.GetInt64()).ToArray();
            result[key] = Draw(key, index, shape, seed, rules);
            index++;
        }
        return result;
    }

    private static Tensor Draw(string key, int index, long[] shape, long seedBase, Rule[] rules)
    {
        var rule = rules.FirstOrDefault(r => r.Pattern.IsMatch(key))
            ?? throw new InvalidOperationException($"seeded weights: no rule matches key '{key}'");
        if (rule.Kind == "filter")
        {
            var f = Functional.SetupFilter(new float[] { 1, 3, 3, 1 });
            if (!f.Shape.SequenceEqual(shape))
                throw new InvalidOperationException($"seeded weights: '{key}' has shape [{string.Join(", ", shape)}], not a [4, 4] filter");
            return f;
        }
        if (rule.Kind != "randn") throw new InvalidOperationException($"seeded weights: unknown rule kind '{rule.Kind}'");
        var t = Tensor.RandnSeeded(shape, seedBase + index);
        if (rule.Scale != 1.0) t = t * rule.Scale;
        if (rule.Offset != 0.0) t = t + rule.Offset;
        return t;
    }

    private sealed record Rule(Regex Pattern, string Kind, double Scale, double Offset)
    {
        public static Rule Parse(JsonElement e) => new(
            new Regex(e.GetProperty("pattern").GetString()!, RegexOptions.CultureInvariant),
            e.GetProperty("kind").GetString()!,
            e.TryGetProperty("scale", out var s) ? s.GetDouble() : 1.0,
            e.TryGetProperty("offset", out var o) ? o.GetDouble() : 0.0);
    }
}
