namespace Pv3d.Networks;

/// <summary>
/// EG3D's 256² super-resolution (official <c>SuperresolutionHybrid4X</c>): input 128² (a smaller
/// rendering is upsampled, a larger one is passed through), a resolution-keeping block then an
/// upsampling block.
/// </summary>
public sealed class SuperresolutionHybrid4X : Superresolution
{
    /// <summary>The only image side this class makes (the official class asserts it).</summary>
    public const long OutputResolution = 256;

    public SuperresolutionHybrid4X(long channels = 32, long imgResolution = OutputResolution, int srNumFp16Res = 4, bool srAntialias = true,
        FusedModconvMode fusedModconvDefault = FusedModconvMode.Fused)
        : base(nameof(SuperresolutionHybrid4X), channels, imgResolution, supportedImgResolution: OutputResolution, inputResolution: 128,
            srNumFp16Res, srAntialias, fusedModconvDefault, resizeOnlyWhenSmaller: true)
    {
        RegisterModule("block0", NoUpBlock(channels, 128, resolution: 128));
        RegisterModule("block1", UpBlock(128, 64, resolution: 256, isLast: true));
        RegisterResampleFilter();
    }
}
