namespace Pv3d.Torch;

/// <summary>
/// Collects every tensor created on this thread while it is the innermost scope and disposes them
/// when it ends, except tensors moved out (<see cref="Tensor.MoveToOuterScope"/>) or detached
/// (<see cref="Tensor.DetachFromScopes"/>). A training step inside a scope runs at flat memory.
/// </summary>
public sealed class TensorScope : IDisposable
{
    [ThreadStatic] private static TensorScope? _current;

    private readonly TensorScope? _parent;
    private readonly List<Tensor> _tensors = new();
    private bool _disposed;

    private TensorScope(TensorScope? parent) => _parent = parent;

    public static TensorScope Enter()
    {
        var scope = new TensorScope(_current);
        _current = scope;
        return scope;
    }

    public static TensorScope? Current => _current;

    internal static void Register(Tensor t)
    {
        var scope = _current;
        if (scope == null) return;
        t.Scope = scope;
        scope._tensors.Add(t);
    }

    internal static void MoveOut(Tensor t)
    {
        var owner = t.Scope;
        if (owner == null) return;
        var parent = owner._parent;
        t.Scope = parent;
        parent?._tensors.Add(t);
    }

    /// <summary>Number of tensors this scope still owns (for tests and diagnostics).</summary>
    public int Count
    {
        get
        {
            var n = 0;
            foreach (var t in _tensors) if (ReferenceEquals(t.Scope, this) && !t.IsDisposed) n++;
            return n;
        }
    }

    public void Dispose()
    {
        if (_disposed) return;
        _disposed = true;
        foreach (var t in _tensors)
            if (ReferenceEquals(t.Scope, this)) t.Dispose();
        _tensors.Clear();
        // Scopes are strictly nested per thread; restore the parent even if an inner one leaked.
        _current = _parent;
    }
}
