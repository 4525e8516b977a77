using Pv3d.Torch;
using Pv3d.Training;

namespace Pv3d.Tests.Training;

[Collection(GlobalRandomCollection.Name)]
public class LatentSamplingTests
{
    [Fact]
    public void EachVideosCodeIsRepeatedForItsFrames()
    {
        using var scope = TensorScope.Enter();
        TorchRandom.ManualSeed(9);
        var z = Tensor.Randn(3, 4).ToArray<float>();
        TorchRandom.ManualSeed(9);
        var repeated = LatentSampling.PerVideo(3, 2, 4);
        Assert.Equal(new long[] { 6, 4 }, repeated.Shape);
        var r = repeated.ToArray<float>();
        for (var row = 0; row < 6; row++)
        for (var k = 0; k < 4; k++)
            Assert.Equal(z[row / 2 * 4 + k], r[row * 4 + k]);
    }
}
