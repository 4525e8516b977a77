namespace Pv3d.Networks;

/// <summary>EG3D's 128² super-resolution (official <c>SuperresolutionHybrid2X</c>): 64² → 128², a resolution-keeping block then an upsampling block.</summary>
public sealed class SuperresolutionHybrid2X : Superresolution
{
    /// <summary>The only image side this class makes (the official class asserts it).</summary>
    public const long OutputResolution = 128;

    public SuperresolutionHybrid2X(long channels = 32, long imgResolution = OutputResolution, int srNumFp16Res = 4, bool srAntialias = true,
        FusedModconvMode fusedModconvDefault = FusedModconvMode.Fused)
        : base(nameof(SuperresolutionHybrid2X), channels, imgResolution, supportedImgResolution: OutputResolution, inputResolution: 64,
            srNumFp16Res, srAntialias, fusedModconvDefault)
    {
        RegisterModule("block0", NoUpBlock(channels, 128, resolution: 64));
        RegisterModule("block1", UpBlock(128, 64, resolution: 128, isLast: true));
        RegisterResampleFilter();
    }
}
