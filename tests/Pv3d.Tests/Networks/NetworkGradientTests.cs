using Pv3d.Networks;
using Pv3d.Tests.Autograd;
using Pv3d.Torch;

namespace Pv3d.Tests.Networks;

/// <summary>The layers differentiate correctly (finite differences in float64), so they can be trained.</summary>
public class NetworkGradientTests
{
    [Theory]
    [InlineData(true, 1)]
    [InlineData(false, 1)]
    [InlineData(true, 2)]
    [InlineData(false, 2)]
    public void ModulatedConvGradientsMatchFiniteDifferences(bool fused, int up)
    {
        using var scope = TensorScope.Enter();
        var filter = Functional.SetupFilter([1, 3, 3, 1]).Double();
        var x = GradCheck.Values(1, 1, 2, 1, 2, 2);
        var w = GradCheck.Values(2, 1, 2, 1, 3, 3);
        var s = GradCheck.Values(3, 2, 2, 1);
        var noise = GradCheck.Values(4, 1, 2, 1, 2 * up, 2 * up);
        GradCheck.Check(t => ModulatedConv.Apply(t[0], t[1], t[2], t[3], up: up, padding: 1, resampleFilter: filter,
            flipWeight: up == 1, fusedModconv: fused), [x, w, s, noise], tolerance: 1e-5);
    }

    [Fact]
    public void BiasActGradientsMatchFiniteDifferences()
    {
        using var scope = TensorScope.Enter();
        var x = GradCheck.Values(5, 2, 2, 3, 4);
        var b = GradCheck.Values(6, 1, 3);
        GradCheck.Check(t => BiasAct.Apply(t[0], t[1], act: "lrelu", gain: 1.3, clamp: 1.5), [x, b], tolerance: 1e-5);
    }

    [Fact]
    public void SynthesisLayerTrainsThroughEveryParameter()
    {
        using var scope = TensorScope.Enter();
        using var layer = new SynthesisLayer(2, 3, 4, 8, up: 2);
        using (Torch.Autograd.NoGrad()) layer.NoiseStrength!.FillInPlace(0.5);
        var x = GradCheck.Values(7, 1, 2, 2, 4, 4).Float();
        var w = GradCheck.Values(8, 1, 2, 4).Float();
        var y = layer.Forward(x, w, NoiseMode.Const, fusedModconv: false);
        y.Square().Sum().Backward();
        foreach (var (name, p) in layer.NamedParameters())
        {
            using var g = p.Grad;
            Assert.NotNull(g);
            using var norm = g!.Abs().Sum();
            Assert.True(norm.Item() > 0, $"no gradient reaches '{name}'");
        }
    }
}
