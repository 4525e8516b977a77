namespace Pv3d.Networks;

/// <summary>
/// Our own super-resolution for small models (not in the official code): the layout of
/// <see cref="SuperresolutionHybrid2X"/> (a resolution-keeping block, then an upsampling block) for any
/// even <c>img_resolution</c>, taking the rendering at half that size, with block widths capped by
/// <c>sr_kwargs.channel_max</c> (the official classes accept that key but ignore it). At channel_max ≥ 128
/// and 128² it has the same shapes as Hybrid2X.
/// </summary>
public sealed class SuperresolutionCompact2X : Superresolution
{
    public SuperresolutionCompact2X(long channels = 32, long imgResolution = 128, int srNumFp16Res = 4, bool srAntialias = true,
        FusedModconvMode fusedModconvDefault = FusedModconvMode.Fused, long channelMax = 512)
        : base(nameof(SuperresolutionCompact2X), channels, imgResolution, supportedImgResolution: imgResolution,
            inputResolution: CheckResolution(imgResolution) / 2, srNumFp16Res, srAntialias, fusedModconvDefault)
    {
        if (channelMax < 1) throw new Pv3dException($"sr_kwargs.channel_max must be positive, got {channelMax}");
        var wide = Math.Min(128, channelMax);
        var narrow = Math.Min(64, channelMax);
        RegisterModule("block0", NoUpBlock(channels, wide, resolution: imgResolution / 2));
        RegisterModule("block1", UpBlock(wide, narrow, resolution: imgResolution, isLast: true));
        RegisterResampleFilter();
    }

    /// <summary>Whether this class can make <paramref name="imgResolution"/>² images (even, at least 8).</summary>
    public static bool Accepts(long imgResolution) => imgResolution >= 8 && imgResolution % 2 == 0;

    private static long CheckResolution(long imgResolution) =>
        Accepts(imgResolution)
            ? imgResolution
            : throw new Pv3dException($"{nameof(SuperresolutionCompact2X)} needs an even img_resolution of at least 8, got {imgResolution}");
}
