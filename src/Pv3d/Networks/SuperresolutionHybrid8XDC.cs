namespace Pv3d.Networks;

/// <summary>PV3D's super-resolution (official <c>SuperresolutionHybrid8XDC</c>): 128² → 512², wider blocks (256, 128).</summary>
public sealed class SuperresolutionHybrid8XDC : Superresolution
{
    /// <summary>The only image side this class makes (the official class asserts it).</summary>
    public const long OutputResolution = 512;

    public SuperresolutionHybrid8XDC(long channels = 32, long imgResolution = OutputResolution, int srNumFp16Res = 4, bool srAntialias = true,
        FusedModconvMode fusedModconvDefault = FusedModconvMode.Fused)
        : base(nameof(SuperresolutionHybrid8XDC), channels, imgResolution, supportedImgResolution: OutputResolution, inputResolution: 128,
            srNumFp16Res, srAntialias, fusedModconvDefault)
    {
        RegisterModule("block0", UpBlock(channels, 256, resolution: 256, isLast: false));
        RegisterModule("block1", UpBlock(256, 128, resolution: 512, isLast: true));
    }
}
