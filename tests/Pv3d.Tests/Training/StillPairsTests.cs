using Pv3d.Torch;
using Pv3d.Training.Loop;

namespace Pv3d.Tests.Training;

public class StillPairsTests
{
    [Fact]
    public void EachVideosSecondFrameBecomesItsFirst()
    {
        using var scope = TensorScope.Enter();
        // Two videos of two 1×2×2 frames; frame k holds the value k everywhere.
        var frames = Tensor.FromArray(Enumerable.Range(0, 4).SelectMany(k => Enumerable.Repeat((float)k, 4)).ToArray(), 4, 1, 2, 2);
        var still = TrainingStep.StillPairs(frames);
        Assert.Equal(new long[] { 4, 1, 2, 2 }, still.Shape);
        var values = still.ToArray<float>();
        Assert.Equal(new float[] { 0, 0, 2, 2 }, Enumerable.Range(0, 4).Select(k => values[4 * k]).ToArray());
        Assert.All(Enumerable.Range(0, 16), i => Assert.Equal(values[i - i % 4], values[i]));
    }
}
