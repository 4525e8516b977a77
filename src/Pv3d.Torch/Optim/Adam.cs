using Pv3d.Torch.Native;

namespace Pv3d.Torch.Optim;

/// <summary>
/// torch.optim.Adam (torch 1.13 semantics, without amsgrad): per-parameter step counts, bias-corrected
/// moments, L2 weight decay added to the gradient. Parameters without a gradient are skipped and their
/// step count does not advance. Each parameter's update is one native call running libtorch's in-place
/// ops under no-grad, so a step leaves no tensors behind. Create the optimiser after moving the model
/// (<c>Module.To</c> replaces the parameter tensors).
/// </summary>
public sealed partial class Adam : IDisposable
{
    private readonly List<AdamParamGroup> _groups;
    private readonly Dictionary<Tensor, AdamParamState> _state = new(ReferenceEqualityComparer.Instance);
    private bool _disposed;

    public Adam(IEnumerable<Tensor> parameters, double lr = 1e-3, (double Beta1, double Beta2)? betas = null,
        double eps = 1e-8, double weightDecay = 0, bool maximize = false)
        : this([new AdamParamGroup(parameters, lr, betas, eps, weightDecay, maximize)])
    {
    }

    public Adam(IEnumerable<AdamParamGroup> groups)
    {
        _groups = groups.ToList();
        if (_groups.Count == 0) throw new ArgumentException("Adam needs at least one parameter group");
        var seen = new HashSet<Tensor>(ReferenceEqualityComparer.Instance);
        foreach (var g in _groups)
        {
            g.Validate();
            foreach (var p in g.Parameters)
                if (!seen.Add(p)) throw new ArgumentException("a parameter appears in more than one Adam parameter group (or twice in one)");
        }
    }

    public IReadOnlyList<AdamParamGroup> ParamGroups => _groups;

    /// <summary>The state of <paramref name="parameter"/>, or null before its first update.</summary>
    public AdamParamState? StateOf(Tensor parameter) => _state.GetValueOrDefault(parameter);

    /// <summary>Applies one update to every parameter that has a gradient.</summary>
    public void Step()
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        foreach (var group in _groups)
        {
            group.Validate();
            foreach (var p in group.Parameters)
            {
                using var grad = p.Grad;
                if (grad == null) continue;
                Update(group, p, grad);
            }
        }
    }

    private void Update(AdamParamGroup group, Tensor p, Tensor grad)
    {
        var (beta1, beta2) = group.Betas;
        if (!_state.TryGetValue(p, out var s))
        {
            s = new AdamParamState(0, ZerosLike(p), ZerosLike(p));
            _state[p] = s;
        }
        s.Step += 1;

        // Native side: g (+ wd·θ), m = β1·m + (1-β1)·g, v = β2·v + (1-β2)·g²,
        // θ -= lr/(1-β1^t) · m / (sqrt(v)/sqrt(1-β2^t) + eps), in torch's order of operations.
        var stepSize = group.LearningRate / (1 - Math.Pow(beta1, s.Step));
        var biasCorrection2Sqrt = Math.Sqrt(1 - Math.Pow(beta2, s.Step));
        NativeLib.Check(NativeMethods.pv_adam_update(p.Handle, grad.Handle, s.ExpAvg.Handle, s.ExpAvgSq.Handle, beta1, beta2,
            group.Eps, group.WeightDecay, group.Maximize ? 1 : 0, stepSize, biasCorrection2Sqrt));
    }

    private static Tensor ZerosLike(Tensor p) =>
        Tensor.FromNative(NativeMethods.pv_optim_zeros_like(p.Handle, out var h), h);

    /// <summary>Clears (default) or zeroes the gradients of every parameter in every group.</summary>
    public void ZeroGrad(bool setToNone = true)
    {
        foreach (var group in _groups)
        foreach (var p in group.Parameters)
        {
            if (setToNone) p.SetGrad(null);
            else p.ZeroGrad();
        }
    }

    /// <summary>Disposes the moment estimates (the parameters belong to their module).</summary>
    public void Dispose()
    {
        if (_disposed) return;
        _disposed = true;
        foreach (var s in _state.Values) s.Dispose();
        _state.Clear();
    }
}
