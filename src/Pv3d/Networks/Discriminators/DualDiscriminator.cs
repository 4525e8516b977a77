using Pv3d.Torch;

namespace Pv3d.Networks.Discriminators;

/// <summary>
/// EG3D's dual (image) discriminator: the final image concatenated channel-wise with the raw neural
/// rendering resized to the same resolution (bilinear, antialiased), conditioned on the camera.
/// Official keys: <c>img_discriminator.*</c>.
/// </summary>
public sealed class DualDiscriminator : ConditionalDiscriminator
{
    public DualDiscriminator(DiscriminatorOptions options) : base(options, options.ImgChannels * 2, options.CDim)
    {
    }

    /// <summary>
    /// The 2·img_channels tensor the blocks read: image [N, C, R, R] and image_raw [N, C, r, r] resized to R.
    /// </summary>
    public static Tensor BuildInput(Tensor image, Tensor imageRaw)
    {
        if (image.Dim != 4 || imageRaw.Dim != 4 || image.Size(0) != imageRaw.Size(0) || image.Size(1) != imageRaw.Size(1))
            throw new ArgumentException(
                $"dual discriminator expects image [N, C, R, R] and image_raw [N, C, r, r], got [{string.Join(", ", image.Shape)}] and [{string.Join(", ", imageRaw.Shape)}]");
        using var scope = TensorScope.Enter();
        var size = image.Size(-1);
        var raw = Functional.Interpolate(imageRaw, new Pair2d(size, size), InterpolateMode.Bilinear, alignCorners: false, antialias: true);
        return Tensor.Cat([image, raw], 1).MoveToOuterScope();
    }

    /// <summary>image [N, C, R, R], image_raw [N, C, r, r], c [N, c_dim] → logits [N, 1].</summary>
    public Tensor Forward(Tensor image, Tensor imageRaw, Tensor? c)
    {
        using var scope = TensorScope.Enter();
        var input = BuildInput(image, imageRaw);
        return Score(input, c).MoveToOuterScope();
    }
}
