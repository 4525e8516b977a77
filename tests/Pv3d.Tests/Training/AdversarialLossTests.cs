using Pv3d.Torch;
using Pv3d.Training;

namespace Pv3d.Tests.Training;

public class AdversarialLossTests
{
    private static double Softplus(double x) => Math.Log(1 + Math.Exp(x));

    private static Tensor T(params double[] v) => Tensor.FromArray(v, v.Length, 1);

    [Fact]
    public void GeneratorTermIsMeanSoftplusOfNegatedLogits()
    {
        using var scope = TensorScope.Enter();
        double[] fake = { -2, 0.5, 3 };
        var expected = fake.Select(x => Softplus(-x)).Average();
        Assert.Equal(expected, AdversarialLoss.GeneratorTerm(T(fake)).Item(), 12);
    }

    [Fact]
    public void DiscriminatorTermAveragesFakeAndRealRowsSeparately()
    {
        using var scope = TensorScope.Enter();
        double[] fake = { -1, 2 };
        double[] real = { 0.25, -3, 1 };
        var expected = fake.Select(Softplus).Average() + real.Select(x => Softplus(-x)).Average();
        Assert.Equal(expected, AdversarialLoss.DiscriminatorTerm(T(fake), T(real)).Item(), 12);
    }

    [Fact]
    public void PhaseLossesApplyTheirWeights()
    {
        using var scope = TensorScope.Enter();
        var w = new LossWeights { Img = 0.5, Vid = 2, Gen = 3, Disc = 5, R1Gamma = 4, DiscReg = 16, DensityReg = 0.6, GenReg = 4 };
        var loss = new AdversarialLoss(w);
        double[] img = { 1, -1, 0.5, 2 }, vid = { -0.5, 1.5 }, realImg = { 0.1, 0.2, 0.3, 0.4 }, realVid = { 3, -3 };

        var g = vid.Select(x => Softplus(-x)).Average() * 2 * 3 + img.Select(x => Softplus(-x)).Average() * 0.5 * 3;
        Assert.Equal(g, loss.GeneratorMain(T(img), T(vid)).Item(), 12);

        var d = 2 * 5 * (vid.Select(Softplus).Average() + realVid.Select(x => Softplus(-x)).Average())
                + 0.5 * 5 * (img.Select(Softplus).Average() + realImg.Select(x => Softplus(-x)).Average());
        Assert.Equal(d, loss.DiscriminatorMain(T(img), T(realImg), T(vid), T(realVid)).Item(), 12);

        double[] penImg = { 1, 2, 3, 4 }, penVid = { 10, 20 };
        var r = 2 * 16 * penVid.Average() * 4 / 2 + 0.5 * 16 * penImg.Average() * 4 / 2;
        Assert.Equal(r, loss.DiscriminatorReg(Tensor.FromArray(penImg, 4), Tensor.FromArray(penVid, 2)).Item(), 10);

        double[] s0 = { 1, 2, 3, -1 }, s1 = { 1.5, 2, 2, 0 };
        var density = s0.Zip(s1, (a, b) => Math.Abs(a - b)).Average() * 0.6 * 4;
        Assert.Equal(density, loss.GeneratorReg(T(s0), T(s1)).Item(), 12);
    }

    [Fact]
    public void StillTermIsMeanSoftplusTimesItsWeights()
    {
        using var scope = TensorScope.Enter();
        var loss = new AdversarialLoss(new LossWeights { VidStill = 0.75, Disc = 2, Vid = 5 });
        double[] still = { -1, 0.5, 4 };
        Assert.Equal(still.Select(Softplus).Average() * 0.75 * 2, loss.DiscriminatorStill(T(still)).Item(), 12);
    }

    [Fact]
    public void DefaultWeightsAreTheOfficialFallbacks()
    {
        var w = new LossWeights();
        Assert.Equal((1.0, 1.0, 16.0, 4.0, 0.25, 1.0, 1.0, 1.0),
            (w.Disc, w.Gen, w.DiscReg, w.GenReg, w.DensityReg, w.Img, w.Vid, w.R1Gamma));
        Assert.Equal(0, w.VidStill); // ours: off unless asked for
    }
}
