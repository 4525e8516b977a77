namespace Pv3d;

/// <summary>
/// A mistake of the user (missing or corrupt file, wrong shape, bad option). The message names the
/// thing and, where possible, the fix; the CLI prints it on one line and exits with code 2.
/// </summary>
public class Pv3dException : Exception
{
    public Pv3dException(string message) : base(message) { }
    public Pv3dException(string message, Exception inner) : base(message, inner) { }

    /// <summary>
    /// The settings the message names, spelt as in the library (an options property such as <c>TruncationCutoff</c>).
    /// A front end that knows the settings by other names (the CLI's flags) replaces them when it shows the message.
    /// </summary>
    public IReadOnlyList<string> Settings { get; private init; } = Array.Empty<string>();

    /// <summary>A mistake in <paramref name="settings"/>, each named verbatim in <paramref name="message"/>.</summary>
    public static Pv3dException ForSettings(string message, params string[] settings)
    {
        foreach (var setting in settings)
            if (!message.Contains(setting, StringComparison.Ordinal))
                throw new ArgumentException($"the message does not name the setting '{setting}': {message}", nameof(settings));
        return new Pv3dException(message) { Settings = settings };
    }
}
