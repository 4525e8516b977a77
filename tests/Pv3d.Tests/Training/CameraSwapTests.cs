using Pv3d.Torch;
using Pv3d.Training;

namespace Pv3d.Tests.Training;

[Collection(GlobalRandomCollection.Name)]
public class CameraSwapTests
{
    private static Tensor Cameras(int videos)
    {
        // Camera value = 100·video + 10·frame + entry/100, so every row is recognisable.
        var v = new float[videos * 2 * 25];
        for (var b = 0; b < videos; b++)
        for (var t = 0; t < 2; t++)
        for (var k = 0; k < 25; k++)
            v[(b * 2 + t) * 25 + k] = 100 * b + 10 * t + k / 100f;
        return Tensor.FromArray(v, videos, 2, 25);
    }

    [Fact]
    public void EachVideoTakesThePreviousVideosPairWhenItsDrawIsBelowP()
    {
        using var scope = TensorScope.Enter();
        const int videos = 6;
        TorchRandom.ManualSeed(4);
        var draws = Tensor.Rand(new long[] { videos, 1, 1 }, DType.Float32).ToArray<float>();
        TorchRandom.ManualSeed(4);
        var c = CameraSwap.ConditioningCameras(Cameras(videos), 0.5).ToArray<float>();
        Assert.Equal(videos * 2 * 25, c.Length);
        Assert.Contains(draws, d => d < 0.5f);
        Assert.Contains(draws, d => d >= 0.5f);
        for (var b = 0; b < videos; b++)
        {
            var source = draws[b] < 0.5f ? (b + videos - 1) % videos : b;
            for (var t = 0; t < 2; t++)
                Assert.Equal(100 * source + 10 * t + 0.07f, c[(b * 2 + t) * 25 + 7], 4);
        }
    }

    [Fact]
    public void ProbabilityOneAlwaysSwapsAndZeroNever()
    {
        using var scope = TensorScope.Enter();
        var cams = Cameras(3);
        var always = CameraSwap.ConditioningCameras(cams, 1).ToArray<float>();
        var never = CameraSwap.ConditioningCameras(cams, 0).ToArray<float>();
        Assert.Equal(cams.Roll(1, 0).ToArray<float>(), always);
        Assert.Equal(cams.ToArray<float>(), never);
    }
}
