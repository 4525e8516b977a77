namespace Pv3d.Data.Synthetic;

/// <summary>What <see cref="SyntheticDatasetWriter"/> makes.</summary>
public sealed record SyntheticDatasetOptions
{
    public required string OutputDir { get; init; }
    public int Count { get; init; } = 64;
    public int Frames { get; init; } = 32;
    public int Resolution { get; init; } = 64;
    public long Seed { get; init; }
    public double Fps { get; init; } = 25;

    /// <summary>Write into a folder that already holds files (otherwise that is an error).</summary>
    public bool Force { get; init; }

    public void Validate()
    {
        if (string.IsNullOrWhiteSpace(OutputDir)) throw Bad($"{nameof(OutputDir)} must name a folder", nameof(OutputDir));
        if (Count < 1 || Count > 100_000) throw Bad($"{nameof(Count)} must be within 1..100000, got {Count}", nameof(Count));
        if (Frames < 2 || Frames > 10_000) throw Bad($"{nameof(Frames)} must be within 2..10000, got {Frames}", nameof(Frames));
        if (Resolution < 8 || Resolution > 4096) throw Bad($"{nameof(Resolution)} must be within 8..4096, got {Resolution}", nameof(Resolution));
        if (Resolution % 2 != 0) throw Bad($"{nameof(Resolution)} must be even (H.264 in yuv420p), got {Resolution}", nameof(Resolution));
        if (Seed < 0) throw Bad($"{nameof(Seed)} must not be negative, got {Seed}", nameof(Seed));
        if (!(Fps > 0) || double.IsInfinity(Fps)) throw Bad($"{nameof(Fps)} must be positive, got {Fps}", nameof(Fps));
        if (File.Exists(OutputDir)) throw new Pv3dException($"{OutputDir}: is a file, not a folder");
        if (!Force && Directory.Exists(OutputDir) && Directory.EnumerateFileSystemEntries(OutputDir).Any())
            throw Bad($"{OutputDir}: the folder is not empty; choose a new or empty folder (or set {nameof(Force)} to write into it)", nameof(Force));
    }

    private static Pv3dException Bad(string message, string setting) => Pv3dException.ForSettings(message, setting);
}
