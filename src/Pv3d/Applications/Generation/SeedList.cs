using System.Globalization;

namespace Pv3d.Applications.Generation;

/// <summary>Seed lists as written on the command line: <c>0-3</c>, <c>0,5,7</c>, or both (<c>0-2,10</c>).</summary>
public static class SeedList
{
    public const int MaxSeeds = 100_000;

    /// <summary>The setting a seed list is given in (the CLI's <c>--seeds</c>).</summary>
    public const string Setting = "Seeds";

    public static IReadOnlyList<long> Parse(string text)
    {
        if (string.IsNullOrWhiteSpace(text)) throw Pv3dException.ForSettings($"{Setting} is empty: give seeds like 0-3 or 0,5,7", Setting);
        var seeds = new List<long>();
        foreach (var raw in text.Split(','))
        {
            var part = raw.Trim();
            var dash = part.Length > 1 ? part.IndexOf('-', 1) : -1; // a leading '-' would be a sign, rejected below
            if (dash > 0)
            {
                var lo = Number(part[..dash], text);
                var hi = Number(part[(dash + 1)..], text);
                if (hi < lo) throw Pv3dException.ForSettings($"{Setting} '{text}': the range {part} runs backwards; write {hi}-{lo}", Setting);
                if (hi - lo >= MaxSeeds - seeds.Count) throw TooMany(text);
                for (var s = lo; s <= hi; s++) seeds.Add(s);
            }
            else
            {
                seeds.Add(Number(part, text));
            }
        }
        if (seeds.Count > MaxSeeds) throw TooMany(text);
        return seeds;
    }

    private static long Number(string s, string text)
    {
        s = s.Trim();
        if (s.Length == 0 || !long.TryParse(s, NumberStyles.None, CultureInfo.InvariantCulture, out var v) || v > uint.MaxValue)
            throw Pv3dException.ForSettings($"{Setting} '{text}': '{s}' is not a seed (a whole number from 0 to {uint.MaxValue})", Setting);
        return v;
    }

    private static Pv3dException TooMany(string text) => Pv3dException.ForSettings($"{Setting} '{text}': more than {MaxSeeds} seeds", Setting);
}
