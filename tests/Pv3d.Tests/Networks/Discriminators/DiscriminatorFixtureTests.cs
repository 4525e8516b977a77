using Pv3d.Networks.Discriminators;
using Pv3d.Torch;

namespace Pv3d.Tests.Networks.Discriminators;

/// <summary>
/// Whole tiny image and video discriminators against the official ones: logits, the R1 gradients
/// (first order, w.r.t. the inputs) and the gradient of the R1 penalty w.r.t. weights (double backward).
/// </summary>
public sealed class DiscriminatorFixtureTests
{
    // The same libtorch kernels run in the same order as in the official code, so the measured errors are
    // at rounding level (0 on this machine); 1e-4 leaves room for other BLAS builds. The second-order
    // results (backward of the R1 penalty through the first backward) use the same bound: they too matched.
    private const double Tol = 1e-4;

    private static IEnumerable<string> SecondOrderKeys(DiscriminatorFixture fx) =>
        fx.Case.GetProperty("forward").GetProperty("second_order_keys").EnumerateArray().Select(e => e.GetString()!);

    private static void AssertPenaltyGradients(ConditionalDiscriminator d, DiscriminatorFixture fx, Tensor penalty)
    {
        var sd = d.StateDict();
        var keys = SecondOrderKeys(fx).ToList();
        var grads = Pv3d.Torch.Autograd.Grad([penalty.Sum()], keys.Select(k => sd[k]).ToList());
        for (var k = 0; k < keys.Count; k++)
            NetTestUtil.AssertRelL2(grads[k]!, fx.Output("dpen." + keys[k]), Tol, $"{fx.Name} ∂penalty/∂{keys[k]}");
    }

    [Fact]
    public void DualDiscriminatorMatchesOfficialIncludingR1()
    {
        using var fx = DiscriminatorFixture.Load("dual_discriminator");
        using var scope = TensorScope.Enter();
        using var d = new DualDiscriminator(fx.Options());
        Assert.Equal(fx.Keys, d.StateDict().Keys);
        d.LoadStateDict(fx.Params);

        var image = fx.Input("image").Clone().SetRequiresGrad();
        var raw = fx.Input("image_raw").Clone().SetRequiresGrad();
        var logits = d.Forward(image, raw, fx.Input("c"));
        NetTestUtil.AssertRelL2(logits, fx.Output("logits"), Tol, "logits");

        var g = Pv3d.Torch.Autograd.Grad([logits.Sum()], [image, raw], createGraph: true);
        NetTestUtil.AssertRelL2(g[0]!, fx.Output("r1_image"), Tol, "∂Σlogits/∂image");
        NetTestUtil.AssertRelL2(g[1]!, fx.Output("r1_image_raw"), Tol, "∂Σlogits/∂image_raw");
        var penalty = g[0]!.Square().Sum([1, 2, 3]) + g[1]!.Square().Sum([1, 2, 3]);
        NetTestUtil.AssertRelL2(penalty, fx.Output("penalty"), Tol, "R1 penalty");
        AssertPenaltyGradients(d, fx, penalty);
    }

    [Fact]
    public void VideoDiscriminatorMatchesOfficialIncludingR1()
    {
        using var fx = DiscriminatorFixture.Load("video_discriminator");
        using var scope = TensorScope.Enter();
        using var d = new VideoDiscriminator(fx.Options());
        Assert.Equal(fx.Keys, d.StateDict().Keys);
        d.LoadStateDict(fx.Params);

        var image = fx.Input("image").Clone().SetRequiresGrad();
        var (logits, input) = d.Forward(image, fx.Input("Ts"), fx.Input("c"));
        NetTestUtil.AssertRelL2(input, fx.Output("input"), 1e-7, "input");
        NetTestUtil.AssertRelL2(logits, fx.Output("logits"), Tol, "logits");

        var g = Pv3d.Torch.Autograd.Grad([logits.Sum()], [input], createGraph: true)[0]!;
        NetTestUtil.AssertRelL2(g, fx.Output("r1_input"), Tol, "∂Σlogits/∂input");
        var penalty = g.Square().Sum([1, 2, 3]);
        NetTestUtil.AssertRelL2(penalty, fx.Output("penalty"), Tol, "R1 penalty");
        AssertPenaltyGradients(d, fx, penalty);
    }

    [Fact]
    public void TrainingR1PenaltyOnTheDiscriminatorsMatchesOfficial()
    {
        using var scope = TensorScope.Enter();
        using (var fx = DiscriminatorFixture.Load("dual_discriminator"))
        using (var d = new DualDiscriminator(fx.Options()))
        {
            d.LoadStateDict(fx.Params);
            var image = fx.Input("image").Clone().SetRequiresGrad();
            var raw = fx.Input("image_raw").Clone().SetRequiresGrad();
            var penalty = Pv3d.Training.R1Penalty.Compute(d.Forward(image, raw, fx.Input("c")), [image, raw]);
            NetTestUtil.AssertRelL2(penalty, fx.Output("penalty"), Tol, "image R1 penalty");
            AssertPenaltyGradients(d, fx, penalty);
        }
        using (var fx = DiscriminatorFixture.Load("video_discriminator"))
        using (var d = new VideoDiscriminator(fx.Options()))
        {
            d.LoadStateDict(fx.Params);
            var image = fx.Input("image").Clone().SetRequiresGrad();
            var (logits, input) = d.Forward(image, fx.Input("Ts"), fx.Input("c"));
            var penalty = Pv3d.Training.R1Penalty.Compute(logits, [input]);
            NetTestUtil.AssertRelL2(penalty, fx.Output("penalty"), Tol, "video R1 penalty");
            AssertPenaltyGradients(d, fx, penalty);
        }
    }
}
