using Pv3d.Networks;

namespace Pv3d.Tests.Networks;

/// <summary>The full-size PV3D backbone (configs/models/pv3d.yaml) has the official checkpoint layout (generator.md §2.12, §3).</summary>
public class Pv3dBackboneLayoutTests
{
    [Fact]
    public void FullSizeBackboneHasTheOfficialKeysAndShapes()
    {
        using var backbone = new StyleGan2Backbone(512, 25, 512, 256, 96, new MappingOptions { NumLayers = 2 },
            new SynthesisOptions { NumFp16Res = 0, ConvClamp = null, FusedModconvDefault = FusedModconvMode.InferenceOnly });
        var sd = backbone.StateDict();
        Assert.Equal(186, sd.Count); // the 232 generator entries less superresolution (38), decoder (4), to_img_raw (4)
        Assert.Equal(14, backbone.NumWs);
        Assert.Equal("synthesis.b4.const", sd.Keys.First());
        Assert.Equal("mapping.fc1.bias", sd.Keys.Last());

        // Channels in → out per block (channel_base 32768, channel_max 512) and the motion layers at res ≤ 32.
        var channels = new Dictionary<int, (long In, long Out)>
        {
            [8] = (512, 512), [16] = (512, 512), [32] = (512, 512), [64] = (512, 512), [128] = (512, 256), [256] = (256, 128),
        };
        Assert.Equal(new long[] { 512, 4, 4 }, sd["synthesis.b4.const"].Shape);
        foreach (var (res, (inC, outC)) in channels)
        {
            Assert.Equal(new long[] { outC, inC, 3, 3 }, sd[$"synthesis.b{res}.conv0.weight"].Shape);
            Assert.Equal(new long[] { inC, 512 }, sd[$"synthesis.b{res}.conv0.affine.weight"].Shape);
            Assert.Equal(new long[] { res, res }, sd[$"synthesis.b{res}.conv1.noise_const"].Shape);
            Assert.Equal(new long[] { 96, outC, 1, 1 }, sd[$"synthesis.b{res}.torgb.weight"].Shape);
            Assert.Equal(res <= 32, sd.ContainsKey($"synthesis.b{res}.motion_time_fuser.conv.weight"));
        }
        Assert.Equal(new long[] { 512, 1024 }, sd["mapping.fc0.weight"].Shape);
        Assert.Equal(new long[] { 512, 25 }, sd["mapping.embed.weight"].Shape);
        Assert.Equal(new long[] { 512 }, sd["mapping.w_avg"].Shape);
    }
}
