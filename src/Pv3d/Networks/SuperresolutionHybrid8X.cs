namespace Pv3d.Networks;

/// <summary>EG3D's 512² super-resolution (official <c>SuperresolutionHybrid8X</c>): 128² → 512², blocks of 128 and 64 channels.</summary>
public sealed class SuperresolutionHybrid8X : Superresolution
{
    /// <summary>The only image side this class makes (the official class asserts it).</summary>
    public const long OutputResolution = 512;

    public SuperresolutionHybrid8X(long channels = 32, long imgResolution = OutputResolution, int srNumFp16Res = 4, bool srAntialias = true,
        FusedModconvMode fusedModconvDefault = FusedModconvMode.Fused)
        : base(nameof(SuperresolutionHybrid8X), channels, imgResolution, supportedImgResolution: OutputResolution, inputResolution: 128,
            srNumFp16Res, srAntialias, fusedModconvDefault)
    {
        RegisterModule("block0", UpBlock(channels, 128, resolution: 256, isLast: false));
        RegisterModule("block1", UpBlock(128, 64, resolution: 512, isLast: true));
        RegisterResampleFilter();
    }
}
