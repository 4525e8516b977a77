using Pv3d.Torch;

namespace Pv3d.Training;

/// <summary>The <c>training.nan_to_num</c> step applied to every gradient before each optimiser step.</summary>
public static class GradientSanitizer
{
    /// <summary>In place on each existing gradient: NaN → 0, +∞ → 1e5, −∞ → −1e5 (official values).</summary>
    public static void NanToNum(IEnumerable<Tensor> parameters)
    {
        using var noGrad = Autograd.NoGrad();
        foreach (var p in parameters)
        {
            using var scope = TensorScope.Enter();
            var g = p.Grad;
            if (g is null) continue;
            g.MaskedFillInPlace(g.IsNan(), 0);
            g.MaskedFillInPlace(g.Eq(double.PositiveInfinity), 1e5);
            g.MaskedFillInPlace(g.Eq(double.NegativeInfinity), -1e5);
        }
    }
}
