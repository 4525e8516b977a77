using Pv3d.Networks.Discriminators;
using Pv3d.Torch;

namespace Pv3d.Tests.Networks.Discriminators;

/// <summary>The full-size discriminators have the official checkpoints' key layout and parameter counts.</summary>
public sealed class DiscriminatorLayoutTests
{
    private static long ParameterCount(ConditionalDiscriminator d) =>
        d.Parameters().Sum(p => p.Shape.Aggregate(1L, (a, b) => a * b));

    private static void AssertOfficialLayout(ConditionalDiscriminator d, long fromRgbChannels, long labelDim)
    {
        var sd = d.StateDict();
        Assert.Equal(92, sd.Count);
        var keys = sd.Keys.ToList();
        Assert.Equal("resample_filter", keys[0]);
        Assert.Equal(["b512.resample_filter", "b512.fromrgb.weight", "b512.fromrgb.bias", "b512.fromrgb.resample_filter",
            "b512.conv0.weight"], keys.Skip(1).Take(5));
        Assert.Equal(["b4.conv.weight", "b4.conv.bias", "b4.conv.resample_filter", "b4.fc.weight", "b4.fc.bias",
            "b4.out.weight", "b4.out.bias"], keys.TakeLast(7));
        var blocks = keys.Where(k => k.EndsWith(".conv0.weight", StringComparison.Ordinal)).Select(k => k.Split('.')[0]);
        Assert.Equal(["b512", "b256", "b128", "b64", "b32", "b16", "b8"], blocks);
        Assert.Equal(keys.IndexOf("b8.skip.resample_filter") + 1, keys.IndexOf("mapping.embed.weight"));
        Assert.Equal([64L, fromRgbChannels, 1, 1], sd["b512.fromrgb.weight"].Shape);
        Assert.Equal([512L, labelDim], sd["mapping.embed.weight"].Shape);
        Assert.Equal([512L, 513, 3, 3], sd["b4.conv.weight"].Shape);
        Assert.Equal([512L, 8192], sd["b4.fc.weight"].Shape);
        Assert.Equal([128L, 64, 1, 1], sd["b512.skip.weight"].Shape);
        Assert.False(sd.ContainsKey("b512.skip.bias"));
        Assert.False(sd.ContainsKey("mapping.w_avg"));
    }

    [Fact]
    public void ImageDiscriminatorHasTheOfficialLayout()
    {
        using var scope = TensorScope.Enter();
        using var d = new DualDiscriminator(new DiscriminatorOptions());
        AssertOfficialLayout(d, 6, 25);
        Assert.Equal(31_359_744, ParameterCount(d));
    }

    [Fact]
    public void VideoDiscriminatorHasTheOfficialLayout()
    {
        using var scope = TensorScope.Enter();
        using var d = new VideoDiscriminator(new DiscriminatorOptions());
        AssertOfficialLayout(d, 7, 50);
        Assert.Equal(31_372_608, ParameterCount(d));
    }

    [Fact]
    public void VideoInputStacksTheFramesAndTheTimeGap()
    {
        using var scope = TensorScope.Enter();
        // Two videos of 1×2×2 frames: every pixel of frame f of video b holds 10·b + f.
        var frames = Tensor.FromArray(new float[] { 0, 0, 0, 0, 1, 1, 1, 1, 10, 10, 10, 10, 11, 11, 11, 11 }, [4, 1, 2, 2]);
        var ts = Tensor.FromArray(new float[] { 0.2f, 0.5f, 0.1f, 0.9f }, [2, 2]);
        var input = VideoDiscriminator.BuildInput(frames, ts);
        Assert.Equal([2L, 3, 2, 2], input.Shape);
        var v = input.Contiguous().ToArray<float>();
        float[] expected = [0, 0, 0, 0, 1, 1, 1, 1, 0.3f, 0.3f, 0.3f, 0.3f, 10, 10, 10, 10, 11, 11, 11, 11, 0.8f, 0.8f, 0.8f, 0.8f];
        for (var i = 0; i < expected.Length; i++) Assert.Equal(expected[i], v[i], 1e-6);
        var cams = Tensor.Arange(8).To(DType.Float32).Reshape(4, 2);
        Assert.Equal(new float[] { 0, 1, 2, 3, 4, 5, 6, 7 }, VideoDiscriminator.PairCameras(cams).Contiguous().ToArray<float>());
        Assert.Equal([2L, 4], VideoDiscriminator.PairCameras(cams).Shape);
    }
}
