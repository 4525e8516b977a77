namespace Pv3d.Torch;

/// <summary>
/// Sets the grad mode of the current thread and restores the previous mode when disposed. Scopes nest;
/// dispose them on the thread that created them, innermost first.
/// </summary>
public sealed class GradModeScope : IDisposable
{
    private readonly bool _previous;
    private bool _disposed;

    internal GradModeScope(bool enabled)
    {
        _previous = Autograd.IsGradEnabled;
        Autograd.IsGradEnabled = enabled;
    }

    public void Dispose()
    {
        if (_disposed) return;
        _disposed = true;
        Autograd.IsGradEnabled = _previous;
    }
}
