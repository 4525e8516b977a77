namespace Pv3d.Torch.Modules;

/// <summary>A state-dict entry whose shape differs from the module's tensor of that name.</summary>
public sealed record ShapeMismatch(string Name, long[] Expected, long[] Got)
{
    public override string ToString() => $"{Name} (expected [{string.Join(", ", Expected)}], got [{string.Join(", ", Got)}])";
}

/// <summary>What <see cref="Module.LoadStateDict"/> could not match, like PyTorch's _IncompatibleKeys.</summary>
public sealed record LoadStateDictReport(
    IReadOnlyList<string> Missing,
    IReadOnlyList<string> Unexpected,
    IReadOnlyList<ShapeMismatch> Mismatched)
{
    /// <summary>How many names of each kind a message lists before summarising the rest.</summary>
    public const int ListedPerKind = 10;

    /// <summary>True when every key matched by name and shape.</summary>
    public bool IsComplete => Missing.Count == 0 && Unexpected.Count == 0 && Mismatched.Count == 0;

    /// <summary>One line naming the problems, at most <see cref="ListedPerKind"/> names per kind.</summary>
    public string Describe()
    {
        if (IsComplete) return "all keys matched";
        var parts = new List<string>();
        // Keys both missing and unexpected, or of other shapes, mean another architecture: say that first, then the counts.
        if (Mismatched.Count > 0 || (Missing.Count > 0 && Unexpected.Count > 0))
            parts.Add($"the architectures differ ({Missing.Count} missing, {Unexpected.Count} unexpected, {Mismatched.Count} of other shapes)");
        if (Missing.Count > 0) parts.Add($"{Count(Missing.Count, "missing key")}: {List(Missing)}");
        if (Unexpected.Count > 0) parts.Add($"{Count(Unexpected.Count, "unexpected key")}: {List(Unexpected)}");
        if (Mismatched.Count > 0) parts.Add($"{Count(Mismatched.Count, "key")} with a different shape: {List(Mismatched)}");
        return string.Join("; ", parts);
    }

    public override string ToString() => Describe();

    /// <summary>The same report with <paramref name="prefix"/> before every name, as the names appear in a file.</summary>
    public LoadStateDictReport WithPrefix(string prefix) => new(
        Missing.Select(k => prefix + k).ToList(),
        Unexpected.Select(k => prefix + k).ToList(),
        Mismatched.Select(m => m with { Name = prefix + m.Name }).ToList());

    private static string Count(int n, string what) => n == 1 ? $"1 {what}" : $"{n} {what}s";

    private static string List<T>(IReadOnlyList<T> items)
    {
        var shown = string.Join(", ", items.Take(ListedPerKind));
        return items.Count > ListedPerKind ? $"{shown}, ... and {items.Count - ListedPerKind} more" : shown;
    }
}
