using Pv3d.Config;

namespace Pv3d.Tests.Config;

public sealed class DiscriminatorConfigTests
{
    private static DiscriminatorConfig Read(string imgSection, string model = "pv3d") =>
        DiscriminatorConfig.FromTree(new ConfigTree(ConfigJson.Read(
            $$$"""{"model": "{{{model}}}", "model_config": {"{{{model}}}": {"img_discriminator": {{{imgSection}}}, "vid_discriminator": {"img_resolution": 64} } } }""",
            "test.json"), "test.json"));

    [Fact]
    public void ReadsTheOfficialKeysAndKeepsDefaultsForAbsentOnes()
    {
        var cfg = Read("""{"c_dim": 25, "img_resolution": 32, "channel_base": 256, "channel_max": 32, "conv_clamp": null, "epilogue_kwargs": {"mbstd_group_size": 2}, "block_kwargs": {"freeze_layers": 0}, "mapping_kwargs": {}}""");
        Assert.Equal(32, cfg.Image.ImgResolution);
        Assert.Equal(256, cfg.Image.ChannelBase);
        Assert.Equal(32, cfg.Image.ChannelMax);
        Assert.Null(cfg.Image.ConvClamp);
        Assert.Equal(2, cfg.Image.MbstdGroupSize);
        Assert.Equal(64, cfg.Video.ImgResolution);
        Assert.Equal(256, cfg.Video.ConvClamp);
        Assert.Equal(4, cfg.Video.MbstdGroupSize);
        Assert.Equal(25, cfg.Video.CDim);
    }

    [Fact]
    public void TheModelEntryNamesTheSection()
    {
        Assert.Equal(16, Read("""{"img_resolution": 16}""", model: "other").Image.ImgResolution);
    }

    [Theory]
    [InlineData("""{"architecture": "skip"}""", "architecture 'skip'")]
    [InlineData("""{"block_kwargs": {"freeze_layers": 2}}""", "freeze_layers")]
    [InlineData("""{"mapping_kwargs": {"num_layers": 2}}""", "mapping_kwargs (num_layers)")]
    [InlineData("""{"img_resolution": 48}""", "power of two")]
    [InlineData("""[1, 2]""", "should be a mapping")]
    public void UnsupportedOptionsAreErrorsNamingTheSource(string section, string expected)
    {
        var e = Assert.Throws<Pv3dException>(() => Read(section));
        Assert.StartsWith("test.json: ", e.Message);
        Assert.Contains(expected, e.Message);
    }
}
