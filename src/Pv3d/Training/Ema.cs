using Pv3d.Torch;
using Pv3d.Torch.Modules;

namespace Pv3d.Training;

/// <summary>Exponential moving average of a model's weights (the EMA generator used for sampling).</summary>
public static class Ema
{
    /// <summary>
    /// In place, under no-grad: every parameter <c>p_ema ← p + β(p_ema − p)</c> and every buffer copied
    /// verbatim, pairing the two modules' parameters and buffers by position (as official), after
    /// checking that their names and shapes agree.
    /// </summary>
    public static void Update(Module ema, Module model, double beta)
    {
        var emaParams = ema.NamedParameters().ToList();
        var modelParams = model.NamedParameters().ToList();
        var emaBuffers = ema.NamedBuffers().ToList();
        var modelBuffers = model.NamedBuffers().ToList();
        CheckSameLayout("parameters", emaParams, modelParams);
        CheckSameLayout("buffers", emaBuffers, modelBuffers);

        using var noGrad = Autograd.NoGrad();
        using var scope = TensorScope.Enter();
        for (var i = 0; i < emaParams.Count; i++)
        {
            var pEma = emaParams[i].Item2;
            var p = modelParams[i].Item2;
            // p.lerp(p_ema, β) = p + β(p_ema − p), written back into p_ema.
            pEma.CopyFrom(p.Lerp(pEma, beta));
        }
        for (var i = 0; i < emaBuffers.Count; i++) emaBuffers[i].Item2.CopyFrom(modelBuffers[i].Item2);
    }

    private static void CheckSameLayout(string what, List<(string, Tensor)> ema, List<(string, Tensor)> model)
    {
        if (ema.Count != model.Count)
            throw new ArgumentException($"the EMA module has {ema.Count} {what}, the model {model.Count}");
        for (var i = 0; i < ema.Count; i++)
        {
            if (ema[i].Item1 != model[i].Item1 || !ema[i].Item2.Shape.SequenceEqual(model[i].Item2.Shape))
                throw new ArgumentException($"{what} {i} differ: EMA '{ema[i].Item1}' [{string.Join(", ", ema[i].Item2.Shape)}], " +
                                            $"model '{model[i].Item1}' [{string.Join(", ", model[i].Item2.Shape)}]");
        }
    }
}
