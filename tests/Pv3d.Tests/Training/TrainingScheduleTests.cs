using Pv3d.Training;

namespace Pv3d.Tests.Training;

public class TrainingScheduleTests
{
    [Fact]
    public void BlurStartsAtTenAndFadesOverTheBatchScaledLength()
    {
        var s = new TrainingSchedule { BatchSize = 16 }; // fade = 200·16/32 = 100 kimg
        Assert.Equal(10, s.BlurSigma(0), 12);
        Assert.Equal(5, s.BlurSigma(50_000), 12);
        Assert.Equal(0, s.BlurSigma(100_000), 12);
        Assert.Equal(0, s.BlurSigma(1_000_000), 12);
        Assert.Equal(30, TrainingSchedule.BlurSize(10));
        Assert.Equal(0, TrainingSchedule.BlurSize(0.3));
        Assert.Equal(1, TrainingSchedule.BlurSize(0.34));
    }

    [Fact]
    public void CameraSwapProbabilityFadesFromOneToTheRegProb()
    {
        var s = new TrainingSchedule();
        Assert.Equal(1, s.CameraSwapProbability(0), 12);
        Assert.Equal(0.75, s.CameraSwapProbability(500_000), 12);
        Assert.Equal(0.5, s.CameraSwapProbability(1_000_000), 12);
        Assert.Equal(0.5, s.CameraSwapProbability(5_000_000), 12);
    }

    [Fact]
    public void RenderingResolutionFadesAndRoundsHalfToEven()
    {
        var s = new TrainingSchedule { NeuralRenderingResolutionFinal = 128 };
        Assert.Equal(64, s.NeuralRenderingResolution(0));
        Assert.Equal(96, s.NeuralRenderingResolution(500_000));
        Assert.Equal(128, s.NeuralRenderingResolution(1_000_000));
        Assert.Equal(128, s.NeuralRenderingResolution(2_000_000));
        // Exact halves at α = 0.5: 64.5 → 64 and 65.5 → 66 (numpy's rint, not away from zero).
        Assert.Equal(64, new TrainingSchedule { NeuralRenderingResolutionFinal = 65 }.NeuralRenderingResolution(500_000));
        Assert.Equal(66, new TrainingSchedule { NeuralRenderingResolutionInitial = 65, NeuralRenderingResolutionFinal = 66 }.NeuralRenderingResolution(500_000));
        Assert.Equal(64, new TrainingSchedule().NeuralRenderingResolution(700_000));
    }

    [Fact]
    public void EmaBetaFollowsTheHalfLifeWithRampUp()
    {
        var s = new TrainingSchedule { BatchSize = 32 };
        Assert.Equal(0, s.EmaBeta(0, 32), 12); // ramp-up caps the half-life at 0 → plain copy
        // After ramp-up: half-life 10,000 images.
        Assert.Equal(Math.Pow(0.5, 32 / 10_000.0), s.EmaBeta(1_000_000, 32), 12);
        // During ramp-up at S = 100,000: half-life 5,000 images.
        Assert.Equal(Math.Pow(0.5, 32 / 5_000.0), s.EmaBeta(100_000, 32), 12);
        // A half-life of exactly one batch halves the distance.
        Assert.Equal(0.5, new TrainingSchedule { BatchSize = 32, EmaRampup = null }.EmaBeta(0, 10_000), 12);
    }

    [Fact]
    public void AdamDefaultsAreTheLazilyRescaledOfficialValuesAndRegStepsFollowTheIntervals()
    {
        // StyleGAN2's lazy rescaling of lr 0.0025 / 0.002, betas (0, 0.99): lr·r and β^r with r = k/(k+1).
        static (double Lr, double Beta2) Rescaled(double lr, int interval) =>
            (lr * interval / (interval + 1.0), Math.Pow(0.99, interval / (interval + 1.0)));
        var g = Rescaled(0.0025, LazyRegularization.GeneratorInterval);
        Assert.Equal(g.Lr, AdamSettings.Generator.Lr, 15);
        Assert.Equal(0, AdamSettings.Generator.Beta1);
        Assert.Equal(g.Beta2, AdamSettings.Generator.Beta2, 15);
        var d = Rescaled(0.002, LazyRegularization.DiscriminatorInterval);
        Assert.Equal(d.Lr, AdamSettings.Discriminator.Lr, 15);
        Assert.Equal(d.Beta2, AdamSettings.Discriminator.Beta2, 15);

        Assert.True(LazyRegularization.IsRegStep(8, LazyRegularization.GeneratorInterval));
        Assert.False(LazyRegularization.IsRegStep(6, LazyRegularization.GeneratorInterval));
        Assert.True(LazyRegularization.IsRegStep(0, LazyRegularization.DiscriminatorInterval));
        Assert.False(LazyRegularization.IsRegStep(8, LazyRegularization.DiscriminatorInterval));
        Assert.False(LazyRegularization.IsRegStep(0, 0));
    }
}
