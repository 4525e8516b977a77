using Pv3d.Torch;
using Pv3d.Torch.Modules;
using Pv3d.Torch.Optim;

namespace Pv3d.Training.Loop;

/// <summary>
/// A copy in memory of every network's state dict and every optimiser's state (moments and steps) at one update, for
/// <see cref="TrainerOptions.StopOnNan"/>: taken before each update, put back when the update's losses turn out
/// non-finite, so that the checkpoint saved is the last finite state. Costs one more copy of the weights and the Adam
/// moments in memory (and a copy per update), which is why it is optional.
/// </summary>
internal sealed class TrainingSnapshot : IDisposable
{
    private readonly Dictionary<string, Dictionary<string, Tensor>> _modules = new();
    private readonly Dictionary<string, Dictionary<object, object?>> _optimizers = new();
    private readonly List<Tensor> _owned = new();

    /// <summary>The state of <paramref name="modules"/> and <paramref name="optimizers"/> as it is now.</summary>
    public static TrainingSnapshot Take(IReadOnlyDictionary<string, Module> modules, IReadOnlyDictionary<string, Adam> optimizers)
    {
        var snapshot = new TrainingSnapshot();
        using var noGrad = Autograd.NoGrad();
        using var scope = TensorScope.Enter();
        foreach (var (name, module) in modules)
            snapshot._modules[name] = module.StateDict().ToDictionary(kv => kv.Key, kv => snapshot.Own(kv.Value));
        foreach (var (name, adam) in optimizers)
            snapshot._optimizers[name] = (Dictionary<object, object?>)snapshot.Copy(adam.StateDict())!;
        return snapshot;
    }

    /// <summary>Loads the copy back into the same networks and optimisers (which copy it in).</summary>
    public void Restore(IReadOnlyDictionary<string, Module> modules, IReadOnlyDictionary<string, Adam> optimizers)
    {
        using var noGrad = Autograd.NoGrad();
        foreach (var (name, module) in modules) module.LoadStateDict(_modules[name]);
        foreach (var (name, adam) in optimizers) adam.LoadStateDict(_optimizers[name]);
    }

    private Tensor Own(Tensor t)
    {
        var copy = t.Detach().Clone().DetachFromScopes();
        _owned.Add(copy);
        return copy;
    }

    // Adam's state dict: dicts, lists, tuples (arrays), numbers, bools, null and tensors (copied).
    private object? Copy(object? value) => value switch
    {
        Tensor t => Own(t),
        Dictionary<object, object?> d => d.ToDictionary(kv => kv.Key, kv => Copy(kv.Value)),
        List<object?> l => l.Select(Copy).ToList(),
        object?[] a => a.Select(Copy).ToArray(),
        _ => value,
    };

    public void Dispose()
    {
        foreach (var t in _owned) t.Dispose();
        _owned.Clear();
    }
}
