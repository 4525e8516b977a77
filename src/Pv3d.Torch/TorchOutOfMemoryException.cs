using System.Globalization;
using System.Text.RegularExpressions;

namespace Pv3d.Torch;

/// <summary>
/// libtorch could not allocate a tensor. Raised as a user error (exit 2, one line): the cause is a size the user chose
/// (a resolution, batch or frame count too large for this machine), not a bug.
/// </summary>
public sealed partial class TorchOutOfMemoryException : Pv3dException
{
    private TorchOutOfMemoryException(string message) : base(message) { }

    /// <summary>Bytes the failed allocation asked for, when libtorch said.</summary>
    public long? RequestedBytes { get; private init; }

    /// <summary>The exception for a libtorch error message that reports a failed allocation, else null.</summary>
    public static TorchOutOfMemoryException? Recognize(string message)
    {
        if (!message.Contains("can't allocate memory", StringComparison.Ordinal) && !message.Contains("out of memory", StringComparison.OrdinalIgnoreCase))
            return null;
        var match = Requested().Match(message);
        long? bytes = match.Success && long.TryParse(match.Groups[1].Value, NumberStyles.None, CultureInfo.InvariantCulture, out var b) ? b : null;
        var size = bytes is { } n ? string.Create(CultureInfo.InvariantCulture, $" (one tensor needs ~{n / 1e9:0.###} GB)") : "";
        return new TorchOutOfMemoryException(
            $"out of memory{size}: lower the resolution, batch size or frame count, or use a machine with more memory")
        { RequestedBytes = bytes };
    }

    [GeneratedRegex(@"allocate (\d+) bytes")]
    private static partial Regex Requested();
}
