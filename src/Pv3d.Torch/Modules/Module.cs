namespace Pv3d.Torch.Modules;

/// <summary>
/// Base of every network part, like torch.nn.Module: it owns named parameters, buffers and child
/// modules, kept in registration order, which is what gives <see cref="StateDict"/> PyTorch's dotted
/// names and order. The module owns its tensors (they are detached from every scope) and disposes
/// them with itself; registering a new tensor under an existing name disposes the old one.
/// Subclasses reach their tensors through the registry (<see cref="GetParameter"/>), never through a
/// cached field: <see cref="To(Device)"/> and re-registration replace the tensor objects.
/// </summary>
public abstract partial class Module : IDisposable
{
    private readonly OrderedDictionary<string, Tensor?> _parameters = new();
    private readonly OrderedDictionary<string, Tensor?> _buffers = new();
    private readonly HashSet<string> _nonPersistentBuffers = new();
    private readonly OrderedDictionary<string, Module?> _modules = new();
    private bool _disposed;

    /// <summary>Whether the module is in training mode (the default), as set by <see cref="Train"/>.</summary>
    public bool IsTraining { get; private set; } = true;

    // ---- registration ---------------------------------------------------------------------

    /// <summary>
    /// Registers (or replaces) a parameter: the module takes ownership of <paramref name="value"/>,
    /// which becomes a leaf requiring gradients. Null registers an empty slot, skipped by state dicts.
    /// </summary>
    public Tensor? RegisterParameter(string name, Tensor? value)
    {
        CheckName(name, _parameters);
        if (value != null)
        {
            value.DetachFromScopes();
            if (!value.RequiresGrad) value.RequiresGrad = true;
        }
        Replace(_parameters, name, value);
        return value;
    }

    /// <summary>
    /// Registers (or replaces) a buffer: state that is not trained (running statistics, constant
    /// tables). Non-persistent buffers are left out of <see cref="StateDict"/>.
    /// </summary>
    public Tensor? RegisterBuffer(string name, Tensor? value, bool persistent = true)
    {
        CheckName(name, _buffers);
        value?.DetachFromScopes();
        Replace(_buffers, name, value);
        if (persistent) _nonPersistentBuffers.Remove(name);
        else _nonPersistentBuffers.Add(name);
        return value;
    }

    /// <summary>Registers (or replaces, disposing the old one) a child module.</summary>
    public T RegisterModule<T>(string name, T module) where T : Module?
    {
        CheckName(name, _modules);
        if (_modules.TryGetValue(name, out var old) && old != null && !ReferenceEquals(old, module)) old.Dispose();
        _modules[name] = module;
        return module;
    }

    public Tensor? GetParameter(string name) =>
        _parameters.TryGetValue(name, out var p) ? p : throw KeyError(this, "parameter", name);

    public Tensor? GetBuffer(string name) =>
        _buffers.TryGetValue(name, out var b) ? b : throw KeyError(this, "buffer", name);

    public Module? GetModule(string name) =>
        _modules.TryGetValue(name, out var m) ? m : throw KeyError(this, "module", name);

    /// <summary>The child <paramref name="name"/> as a <typeparamref name="T"/>; a missing, null or other child is a bug and throws.</summary>
    public T GetModule<T>(string name) where T : Module =>
        GetModule(name) switch
        {
            T typed => typed,
            var other => throw new InvalidOperationException(
                $"{GetType().Name}: child module '{name}' is {other?.GetType().Name ?? "null"}, not {typeof(T).Name}"),
        };

    private void CheckName<T>(string name, OrderedDictionary<string, T> own)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        if (string.IsNullOrEmpty(name)) throw new ArgumentException("a module member needs a non-empty name", nameof(name));
        if (name.Contains('.')) throw new ArgumentException($"member name '{name}' must not contain '.'", nameof(name));
        var taken = (!ReferenceEquals(own, _parameters) && _parameters.ContainsKey(name))
                    || (!ReferenceEquals(own, _buffers) && _buffers.ContainsKey(name))
                    || (!ReferenceEquals(own, _modules) && _modules.ContainsKey(name));
        if (taken) throw new ArgumentException($"{GetType().Name} already has a member named '{name}' of another kind", nameof(name));
    }

    private static void Replace(OrderedDictionary<string, Tensor?> slots, string name, Tensor? value)
    {
        // Keeping the key in place (assignment, not remove + add) keeps PyTorch's order on replacement.
        if (slots.TryGetValue(name, out var old) && old != null && !ReferenceEquals(old, value)) old.Dispose();
        slots[name] = value;
    }

    private static KeyNotFoundException KeyError(Module owner, string kind, string name) =>
        new($"{owner.GetType().Name} has no {kind} named '{name}'");

    // ---- traversal ------------------------------------------------------------------------

    /// <summary>This module and all descendants, pre-order, with dotted names ("" for this one).</summary>
    public IEnumerable<(string Name, Module Module)> NamedModules(string prefix = "")
    {
        var seen = new HashSet<Module>(ReferenceEqualityComparer.Instance);
        return Walk(this, prefix, seen);

        static IEnumerable<(string, Module)> Walk(Module m, string prefix, HashSet<Module> seen)
        {
            if (!seen.Add(m)) yield break;
            yield return (prefix, m);
            foreach (var (name, child) in m._modules)
            {
                if (child == null) continue;
                foreach (var item in Walk(child, Join(prefix, name), seen)) yield return item;
            }
        }
    }

    public IEnumerable<Module> Modules() => NamedModules().Select(m => m.Module);

    /// <summary>Direct children with their names, in registration order.</summary>
    public IEnumerable<(string Name, Module Module)> NamedChildren()
    {
        foreach (var (name, child) in _modules)
            if (child != null) yield return (name, child);
    }

    public IEnumerable<Module> Children() => NamedChildren().Select(c => c.Module);

    /// <summary>Parameters with dotted names, module by module in pre-order; shared ones once.</summary>
    public IEnumerable<(string Name, Tensor Parameter)> NamedParameters(bool recurse = true) =>
        NamedMembers(m => m._parameters, recurse);

    public IEnumerable<Tensor> Parameters(bool recurse = true) => NamedParameters(recurse).Select(p => p.Parameter);

    /// <summary>Buffers with dotted names, persistent or not; shared ones once.</summary>
    public IEnumerable<(string Name, Tensor Buffer)> NamedBuffers(bool recurse = true) =>
        NamedMembers(m => m._buffers, recurse);

    public IEnumerable<Tensor> Buffers(bool recurse = true) => NamedBuffers(recurse).Select(b => b.Buffer);

    private IEnumerable<(string, Tensor)> NamedMembers(Func<Module, OrderedDictionary<string, Tensor?>> members, bool recurse)
    {
        var seen = new HashSet<Tensor>(ReferenceEqualityComparer.Instance);
        var modules = recurse ? NamedModules() : new[] { ("", this) };
        foreach (var (prefix, module) in modules)
        {
            foreach (var (name, t) in members(module))
            {
                if (t == null || !seen.Add(t)) continue;
                yield return (Join(prefix, name), t);
            }
        }
    }

    private static string Join(string prefix, string name) => prefix.Length == 0 ? name : prefix + "." + name;

    // ---- modes and bulk changes -----------------------------------------------------------

    /// <summary>Sets training mode on this module and every descendant.</summary>
    public Module Train(bool mode = true)
    {
        foreach (var m in Modules()) m.IsTraining = mode;
        return this;
    }

    public Module Eval() => Train(false);

    /// <summary>Turns gradient tracking of every parameter on or off (for example to freeze a part).</summary>
    public Module RequiresGrad(bool requiresGrad = true)
    {
        foreach (var p in Parameters()) p.RequiresGrad = requiresGrad;
        return this;
    }

    /// <summary>Clears (default, like PyTorch 2) or zeroes every parameter's gradient.</summary>
    public void ZeroGrad(bool setToNone = true)
    {
        foreach (var p in Parameters())
        {
            if (setToNone) p.SetGrad(null);
            else p.ZeroGrad();
        }
    }

    /// <summary>Moves every parameter and buffer to <paramref name="device"/>.</summary>
    public Module To(Device device) => Convert(t => t.To(device), floatingOnly: false);

    /// <summary>Converts floating-point parameters and buffers to <paramref name="dtype"/> (integer ones stay).</summary>
    public Module To(DType dtype)
    {
        if (!dtype.IsFloatingPoint()) throw new ArgumentException($"modules convert only to floating-point dtypes, not {dtype}", nameof(dtype));
        return Convert(t => t.To(dtype), floatingOnly: true);
    }

    public Module To(Device device, DType dtype)
    {
        To(device);
        return To(dtype);
    }

    private Module Convert(Func<Tensor, Tensor> convert, bool floatingOnly)
    {
        using var noGrad = Autograd.NoGrad();
        foreach (var m in Modules())
        {
            foreach (var name in m._parameters.Keys.ToList())
            {
                var p = m._parameters[name];
                if (p == null || (floatingOnly && !p.DType.IsFloatingPoint())) continue;
                var converted = convert(p).DetachFromScopes();
                converted.RequiresGrad = p.RequiresGrad;
                using (var g = p.Grad)
                {
                    if (g != null)
                    {
                        using var convertedGrad = convert(g);
                        converted.SetGrad(convertedGrad);
                    }
                }
                Replace(m._parameters, name, converted);
            }
            foreach (var name in m._buffers.Keys.ToList())
            {
                var b = m._buffers[name];
                if (b == null || (floatingOnly && !b.DType.IsFloatingPoint())) continue;
                Replace(m._buffers, name, convert(b).DetachFromScopes());
            }
        }
        return this;
    }

    // ---- lifetime -------------------------------------------------------------------------

    /// <summary>Disposes this module's parameters and buffers and, recursively, its children.</summary>
    public void Dispose()
    {
        if (_disposed) return;
        _disposed = true;
        Dispose(true);
        foreach (var t in _parameters.Values) t?.Dispose();
        foreach (var t in _buffers.Values) t?.Dispose();
        foreach (var m in _modules.Values) m?.Dispose();
        _parameters.Clear();
        _buffers.Clear();
        _modules.Clear();
        GC.SuppressFinalize(this);
    }

    /// <summary>Hook for subclasses that own other disposable state.</summary>
    protected virtual void Dispose(bool disposing) { }

    public bool IsDisposed => _disposed;
}
