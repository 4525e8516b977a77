using Pv3d.Config;
using Pv3d.Rendering;

namespace Pv3d.Tests.Config;

/// <summary><c>rendering_kwargs</c>, read by its one reader and turned into the renderer's options.</summary>
public class RenderingKwargsTests
{
    private static RenderingOptions Options(Dictionary<string, object?> kwargs) =>
        RenderingKwargs.FromDictionary(kwargs, "test").ToRenderingOptions();

    [Fact]
    public void ReadsOfficialKeysAndGivesTheRendererItsPart()
    {
        var o = Options(new Dictionary<string, object?>
        {
            ["depth_resolution"] = 24L, ["depth_resolution_importance"] = 12L, ["ray_start"] = 2.0, ["ray_end"] = "3.5",
            ["box_warp"] = 2L, ["white_back"] = true, ["clamp_mode"] = "softplus", ["disparity_space_sampling"] = false,
            ["density_noise"] = 0.25, ["superresolution_module"] = "training.superresolution.SuperresolutionHybrid2X",
            ["avg_camera_pivot"] = new List<object?> { 0.0 },
        });
        Assert.Equal(new RenderingOptions
        {
            DepthResolution = 24, DepthResolutionImportance = 12, RayStart = 2, RayEnd = 3.5, BoxWarp = 2, WhiteBack = true,
            DensityNoise = 0.25,
        }, o);
    }

    [Fact]
    public void DefaultsArePv3dsAndAutoMeansNoLimits()
    {
        var d = Options(new Dictionary<string, object?>());
        Assert.Equal((48, 48, 2.25, 3.3, 1.0, false, false, 0.0),
            (d.DepthResolution, d.DepthResolutionImportance, d.RayStart!.Value, d.RayEnd!.Value, d.BoxWarp, d.WhiteBack, d.DisparitySpaceSampling, d.DensityNoise));
        Assert.Equal(new RenderingOptions(), d);
        var auto = Options(new Dictionary<string, object?> { ["ray_start"] = "auto", ["ray_end"] = "auto" });
        Assert.True(auto.AutoRayLimits);
    }

    [Fact]
    public void AutoRayLimitsRoundTripThroughAModelConfig()
    {
        var config = ModelConfig.FromJson(
            """{"model_config": {"pv3d": {"generator": {"rendering_kwargs": {"ray_start": "auto", "ray_end": "auto", "box_warp": 0.5}}}}}""", "auto.json");
        Assert.Null(config.Generator.RenderingKwargs.RayStart);
        var back = ModelConfig.FromJson(config.ToJson(), "back.json");
        Assert.Equal(config, back);
        Assert.True(back.Generator.ToOptions().Rendering.AutoRayLimits);
    }

    [Fact]
    public void RejectsSettingsTheRendererCannotRun()
    {
        Assert.Throws<Pv3dException>(() => Options(new Dictionary<string, object?> { ["clamp_mode"] = "mipnerf" }));
        Assert.Throws<Pv3dException>(() => Options(new Dictionary<string, object?> { ["ray_start"] = "auto" }));
        Assert.Throws<Pv3dException>(() => Options(new Dictionary<string, object?> { ["depth_resolution"] = "many" }));
        Assert.Throws<Pv3dException>(() => Options(new Dictionary<string, object?> { ["depth_resolution"] = 1L }));
        Assert.Throws<Pv3dException>(() => Options(new Dictionary<string, object?> { ["disparity_space_sampling"] = true, ["ray_start"] = "auto", ["ray_end"] = "auto" }));
    }
}
