using Pv3d.Torch;

namespace Pv3d.Networks.Discriminators;

/// <summary>
/// PV3D's video discriminator: the two frames of each video concatenated channel-wise (frame 0's
/// channels first) plus one constant channel holding t₁ − t₀, conditioned on both frames' cameras
/// (2·c_dim numbers, frame 0's first). Only the final images are used, never the raw renderings.
/// Official keys: <c>vid_discriminator.*</c>.
/// </summary>
public sealed class VideoDiscriminator : ConditionalDiscriminator
{
    public const int FramesPerVideo = 2;

    public VideoDiscriminator(DiscriminatorOptions options)
        : base(options, options.ImgChannels * FramesPerVideo + 1, options.CDim * FramesPerVideo)
    {
    }

    /// <summary>
    /// images [B·2, C, H, W] (rows 2b and 2b+1 are one video), ts [B, 2] → the blocks' input
    /// [B, 2C + 1, H, W]. This is the tensor the video R1 penalty differentiates against.
    /// </summary>
    public static Tensor BuildInput(Tensor images, Tensor ts)
    {
        if (ts.Dim != 2 || ts.Size(1) != FramesPerVideo)
            throw new ArgumentException($"video discriminator expects frame times [B, {FramesPerVideo}], got [{string.Join(", ", ts.Shape)}]");
        var b = ts.Size(0);
        if (images.Dim != 4 || images.Size(0) != b * FramesPerVideo)
            throw new ArgumentException($"video discriminator expects frames [{b * FramesPerVideo}, C, H, W] for {b} videos, got [{string.Join(", ", images.Shape)}]");
        using var scope = TensorScope.Enter();
        long c = images.Size(1), h = images.Size(2), w = images.Size(3);
        var frames = images.Reshape(b, FramesPerVideo * c, h, w);
        var dt = (ts.Select(1, 1) - ts.Select(1, 0)).View(-1, 1, 1, 1).Repeat(1, 1, h, w);
        return Tensor.Cat([frames, dt.To(frames.DType)], 1).MoveToOuterScope();
    }

    /// <summary>Per-frame cameras [B·2, c_dim] → per-video labels [B, 2·c_dim].</summary>
    public static Tensor PairCameras(Tensor c)
    {
        if (c.Dim != 2 || c.Size(0) % FramesPerVideo != 0)
            throw new ArgumentException($"video discriminator expects cameras [B·{FramesPerVideo}, c_dim], got [{string.Join(", ", c.Shape)}]");
        return c.Reshape(c.Size(0) / FramesPerVideo, FramesPerVideo * c.Size(1));
    }

    /// <summary>The logits of a prepared input [B, 2C + 1, H, W] and per-video labels [B, 2·c_dim] → [B, 1].</summary>
    public Tensor ForwardInput(Tensor input, Tensor? labels) => Score(input, labels);

    /// <summary>images [B·2, C, H, W], ts [B, 2], c [B·2, c_dim] → logits [B, 1] and the blocks' input.</summary>
    public (Tensor Logits, Tensor Input) Forward(Tensor images, Tensor ts, Tensor? c)
    {
        using var scope = TensorScope.Enter();
        var input = BuildInput(images, ts);
        var labels = c is null ? null : PairCameras(c);
        var logits = Score(input, labels);
        return (logits.MoveToOuterScope(), input.MoveToOuterScope());
    }
}
