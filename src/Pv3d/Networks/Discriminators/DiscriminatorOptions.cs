namespace Pv3d.Networks.Discriminators;

/// <summary>
/// Constructor options shared by the image and video discriminators, with the official names'
/// meaning: <c>c_dim</c> and <c>img_channels</c> are per frame (the video discriminator doubles them).
/// </summary>
public sealed record DiscriminatorOptions
{
    public long CDim { get; init; } = 25;
    public long ImgResolution { get; init; } = 512;
    public long ImgChannels { get; init; } = 3;
    public long ChannelBase { get; init; } = 32768;
    public long ChannelMax { get; init; } = 512;
    /// <summary>FP16 is used by the official code on CUDA only; recorded for the config round trip, no effect here.</summary>
    public int NumFp16Res { get; init; } = 4;
    public double? ConvClamp { get; init; } = 256;
    /// <summary>Null = the epilogue's channel count.</summary>
    public long? CmapDim { get; init; }
    /// <summary>Std-dev (relative to the batch's per-column std) of Gaussian noise added to the camera before mapping.</summary>
    public double DiscCNoise { get; init; }
    public int? MbstdGroupSize { get; init; } = 4;
    public int MbstdNumChannels { get; init; } = 1;
}
