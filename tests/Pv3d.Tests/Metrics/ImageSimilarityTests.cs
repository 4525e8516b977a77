using Pv3d.Applications.Inversion;
using Pv3d.Metrics;
using Pv3d.Torch;
using Pv3d.Torch.IO;

namespace Pv3d.Tests.Metrics;

/// <summary>PSNR, SSIM and MS-SSIM against closed forms and scikit-image; the projector's schedules.</summary>
public class ImageSimilarityTests
{
    [Fact]
    public void SsimMatchesScikitImage()
    {
        using var scope = TensorScope.Enter();
        var arrays = Npz.Load(Path.Combine(AppContext.BaseDirectory, "fixtures", "applications", "ssim.npz"));
        var ours = ImageSimilarity.Ssim(arrays["a"], arrays["b"]).ToArray<float>();
        var theirs = arrays["ssim"].To(DType.Float32).ToArray<float>();
        Assert.Equal(theirs[0], ours[0], 4);
        Assert.Equal(theirs[1], ours[1], 4);
    }

    [Fact]
    public void IdenticalImagesScoreOneAndAConstantOffsetHasItsPsnr()
    {
        using var scope = TensorScope.Enter();
        TorchRandom.ManualSeed(1);
        var a = Tensor.Rand(2, 3, 64, 64) * 0.8;
        Assert.All(ImageSimilarity.Ssim(a, a).ToArray<float>(), v => Assert.Equal(1, v, 5));
        Assert.All(ImageSimilarity.MsSsim(a, a).ToArray<float>(), v => Assert.Equal(1, v, 5));
        // MSE 0.01 → 20 dB.
        Assert.All(ImageSimilarity.Psnr(a, a + 0.1).ToArray<float>(), v => Assert.Equal(20, v, 3));
        var noisy = (a + Tensor.RandnLike(a) * 0.1).Clamp(0, 1);
        var ms = ImageSimilarity.MsSsim(a, noisy).ToArray<float>();
        Assert.All(ms, v => Assert.InRange(v, 0.1, 0.99));
    }

    [Fact]
    public void MsSsimHasAGradientThatImprovesIt()
    {
        using var scope = TensorScope.Enter();
        TorchRandom.ManualSeed(2);
        var target = Tensor.Rand(1, 3, 32, 32);
        // Correlated with the target, so that every scale's contrast-structure term is positive (not clamped).
        var x = (target * 0.5 + Tensor.Rand(1, 3, 32, 32) * 0.5).SetRequiresGrad();
        var before = ImageSimilarity.MsSsim(x, target).Sum();
        before.Backward();
        var grad = x.Grad!;
        var stepped = x.Detach() + grad / grad.Abs().Max() * 0.01;
        Assert.True(ImageSimilarity.MsSsim(stepped, target).Item() > before.Item());
    }

    [Fact]
    public void ScheduleRampsTheRateUpAndDownAndTheNoiseOut()
    {
        Assert.Equal(0, ProjectorSchedule.LearningRate(0.01, 0, 0.05, 0.25));
        Assert.Equal(0.01, ProjectorSchedule.LearningRate(0.01, 0.5, 0.05, 0.25), 12);
        Assert.Equal(0.005, ProjectorSchedule.LearningRate(0.01, 0.025, 0.05, 0.25), 12);
        Assert.Equal(0.005, ProjectorSchedule.LearningRate(0.01, 0.875, 0.05, 0.25), 12); // half-way down the cosine
        Assert.Equal(0, ProjectorSchedule.LearningRate(0.01, 1, 0.05, 0.25), 12);
        Assert.Equal(2 * 0.05, ProjectorSchedule.NoiseScale(2, 0.05, 0, 0.75), 12);
        Assert.Equal(0, ProjectorSchedule.NoiseScale(2, 0.05, 0.8, 0.75));
    }
}
