namespace Pv3d;

/// <summary>
/// A mistake of the user (missing or corrupt file, wrong shape, bad option). The message names the
/// thing and, where possible, the fix; the CLI prints it on one line and exits with code 2.
/// </summary>
public class Pv3dException : Exception
{
    public Pv3dException(string message) : base(message) { }
    public Pv3dException(string message, Exception inner) : base(message, inner) { }
}
