using Pv3d.Torch;

namespace Pv3d.Training;

/// <summary>The R1 gradient penalty on real inputs, differentiable with respect to the discriminator (double backward).</summary>
public static class R1Penalty
{
    /// <summary>
    /// Per-row squared gradient norm of Σ logits with respect to <paramref name="inputs"/> (each
    /// [N, ...] and requiring grad): the squares are summed over every non-batch dimension and then
    /// across inputs → [N]. The graph is kept so the penalty can be back-propagated into the
    /// discriminator's weights.
    /// </summary>
    public static Tensor Compute(Tensor logits, IReadOnlyList<Tensor> inputs)
    {
        if (inputs.Count == 0) throw new ArgumentException("R1 needs at least one input", nameof(inputs));
        using var scope = TensorScope.Enter();
        var grads = Autograd.Grad(new[] { logits.Sum() }, inputs, createGraph: true);
        Tensor? total = null;
        for (var i = 0; i < grads.Length; i++)
        {
            var g = grads[i]!;
            if (g.Dim < 2) throw new ArgumentException($"R1 input {i} has {g.Dim} dimensions; expected a batch dimension and more", nameof(inputs));
            var dims = Enumerable.Range(1, (int)g.Dim - 1).ToArray();
            var perRow = g.Square().Sum(dims);
            total = total is null ? perRow : total + perRow;
        }
        return total!.MoveToOuterScope();
    }
}
