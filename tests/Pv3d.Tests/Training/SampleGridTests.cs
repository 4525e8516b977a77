using Pv3d.Torch;
using Pv3d.Training.Loop;

namespace Pv3d.Tests.Training;

public class SampleGridTests
{
    [Fact]
    public void RowsRenderEachViewButMapWithTheFirst()
    {
        using var scope = TensorScope.Enter();
        // Two views whose 25 numbers are all 1 and all 2.
        var views = Tensor.FromArray(Enumerable.Repeat(1f, 25).Concat(Enumerable.Repeat(2f, 25)).ToArray(), 2, 25);
        var (rendering, mapping) = SampleGrid.RowCameras(views, 3);
        Assert.Equal(new long[] { 6, 25 }, rendering.Shape);
        Assert.Equal(new long[] { 6, 25 }, mapping.Shape);
        var r = rendering.ToArray<float>();
        Assert.Equal(new float[] { 1, 1, 1, 2, 2, 2 }, Enumerable.Range(0, 6).Select(i => r[25 * i]).ToArray());
        Assert.All(mapping.ToArray<float>(), v => Assert.Equal(1f, v));
    }
}
