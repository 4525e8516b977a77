using System.Collections;

namespace Pv3d.Torch.Optim;

public sealed partial class Adam
{
    /// <summary>
    /// The optimiser's state in torch 1.13's layout, built from the types the checkpoint unpickler
    /// produces (dict → Dictionary&lt;object, object?&gt;, list → List&lt;object?&gt;, tuple → object?[],
    /// int → long): <c>{"state": {index: {"step", "exp_avg", "exp_avg_sq"}}, "param_groups": [{"lr",
    /// "betas", "eps", "weight_decay", "amsgrad", "maximize", "foreach", "capturable", "differentiable",
    /// "fused", "params": [indices]}]}</c>, parameters numbered across groups in order. The moment
    /// tensors are the optimiser's own (do not dispose them); the step tensors are new.
    /// </summary>
    public Dictionary<object, object?> StateDict()
    {
        var state = new Dictionary<object, object?>();
        var groups = new List<object?>();
        long index = 0;
        foreach (var g in _groups)
        {
            var ids = new List<object?>();
            foreach (var p in g.Parameters)
            {
                if (_state.TryGetValue(p, out var s))
                {
                    state[index] = new Dictionary<object, object?>
                    {
                        ["step"] = Tensor.FromSpan<float>([(float)s.Step]),
                        ["exp_avg"] = s.ExpAvg,
                        ["exp_avg_sq"] = s.ExpAvgSq,
                    };
                }
                ids.Add(index++);
            }
            groups.Add(new Dictionary<object, object?>
            {
                ["lr"] = g.LearningRate,
                ["betas"] = new object?[] { g.Betas.Beta1, g.Betas.Beta2 },
                ["eps"] = g.Eps,
                ["weight_decay"] = g.WeightDecay,
                ["amsgrad"] = false,
                ["maximize"] = g.Maximize,
                ["foreach"] = null,
                ["capturable"] = false,
                ["differentiable"] = false,
                ["fused"] = false,
                ["params"] = ids,
            });
        }
        return new Dictionary<object, object?> { ["state"] = state, ["param_groups"] = groups };
    }

    /// <summary>
    /// Loads a state dict in torch's layout (from <see cref="StateDict"/> or an official checkpoint):
    /// the groups' hyper-parameters and each parameter's step and moments, converted to the
    /// parameter's dtype and device. Everything is checked before anything changes; a layout that
    /// does not fit these parameter groups raises <see cref="Pv3dException"/>.
    /// </summary>
    public void LoadStateDict(IDictionary stateDict)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        var savedGroups = Field(stateDict, "param_groups") as IList
                          ?? throw Bad("'param_groups' is not a list");
        if (savedGroups.Count != _groups.Count)
            throw Bad($"it has {savedGroups.Count} parameter groups, this optimiser has {_groups.Count}");

        var byId = new Dictionary<long, Tensor>();
        var hyper = new List<(double Lr, (double, double) Betas, double Eps, double WeightDecay, bool Maximize)>();
        for (var i = 0; i < savedGroups.Count; i++)
        {
            var saved = savedGroups[i] as IDictionary ?? throw Bad($"parameter group {i} is not a dict");
            var ids = Field(saved, "params") as IList ?? throw Bad($"parameter group {i} has no 'params' list");
            var mine = _groups[i].Parameters;
            if (ids.Count != mine.Count)
                throw Bad($"parameter group {i} has {ids.Count} parameters, this optimiser's has {mine.Count}");
            for (var j = 0; j < ids.Count; j++) byId[ToLong(ids[j], "a parameter id")] = mine[j];
            if (saved.Contains("amsgrad") && saved["amsgrad"] is true)
                throw Bad($"parameter group {i} uses amsgrad, which this Adam does not implement");
            var betas = Field(saved, "betas") as IList ?? throw Bad($"parameter group {i} has no 'betas' pair");
            if (betas.Count != 2) throw Bad($"parameter group {i} has {betas.Count} betas, expected 2");
            hyper.Add((ToDouble(Field(saved, "lr"), "lr"),
                (ToDouble(betas[0], "beta1"), ToDouble(betas[1], "beta2")),
                ToDouble(Field(saved, "eps"), "eps"),
                ToDouble(Field(saved, "weight_decay"), "weight_decay"),
                saved.Contains("maximize") && saved["maximize"] is true));
        }

        var savedState = Field(stateDict, "state") as IDictionary ?? throw Bad("'state' is not a dict");
        var incoming = new List<(Tensor Param, double Step, Tensor ExpAvg, Tensor ExpAvgSq)>();
        foreach (DictionaryEntry entry in savedState)
        {
            var id = ToLong(entry.Key, "a state key");
            if (!byId.TryGetValue(id, out var p)) throw Bad($"state entry {id} names no parameter of the groups");
            var s = entry.Value as IDictionary ?? throw Bad($"state entry {id} is not a dict");
            var expAvg = Field(s, "exp_avg") as Tensor ?? throw Bad($"state entry {id} has no 'exp_avg' tensor");
            var expAvgSq = Field(s, "exp_avg_sq") as Tensor ?? throw Bad($"state entry {id} has no 'exp_avg_sq' tensor");
            var shape = p.Shape;
            if (!expAvg.Shape.SequenceEqual(shape) || !expAvgSq.Shape.SequenceEqual(shape))
                throw Bad($"state entry {id} holds moments of shape [{string.Join(", ", expAvg.Shape)}] " +
                          $"for a parameter of shape [{string.Join(", ", shape)}]");
            incoming.Add((p, ToDouble(Field(s, "step"), "step"), expAvg, expAvgSq));
        }

        for (var i = 0; i < _groups.Count; i++)
        {
            var (lr, betas, eps, wd, maximize) = hyper[i];
            var g = _groups[i];
            g.LearningRate = lr;
            g.Betas = betas;
            g.Eps = eps;
            g.WeightDecay = wd;
            g.Maximize = maximize;
        }
        foreach (var s in _state.Values) s.Dispose();
        _state.Clear();
        using var noGrad = Autograd.NoGrad();
        foreach (var (p, step, expAvg, expAvgSq) in incoming)
        {
            var device = p.Device;
            var dtype = p.DType;
            _state[p] = new AdamParamState(step, expAvg.To(device, dtype, copy: true), expAvgSq.To(device, dtype, copy: true));
        }
    }

    private static object? Field(IDictionary dict, string key) =>
        dict.Contains(key) ? dict[key] : throw Bad($"it has no '{key}' entry");

    private static long ToLong(object? value, string what) => value switch
    {
        long l => l,
        int i => i,
        string s when long.TryParse(s, out var l) => l,
        _ => throw Bad($"{what} is {value ?? "None"}, expected an integer"),
    };

    private static double ToDouble(object? value, string what) => value switch
    {
        double d => d,
        float f => f,
        long l => l,
        int i => i,
        Tensor t when t.NumEl == 1 => t.Item(),
        _ => throw Bad($"{what} is {value ?? "None"}, expected a number"),
    };

    private static Pv3dException Bad(string why) => new($"cannot load the Adam state dict: {why}");
}
