using Pv3d.Torch;

namespace Pv3d.Rendering;

/// <summary>
/// Turns features sampled from the tri-planes into raw density and colour, like the official
/// OSGDecoder. Inputs: features [N, 3, M, C] and ray directions [N, M, 3] (may be unused).
/// Outputs: rgb [N, M, C'] and sigma [N, M, 1] (before the ray marcher's activation), in the
/// official dict's order.
/// </summary>
public interface ITriplaneDecoder
{
    DecodedSamples Decode(Tensor sampledFeatures, Tensor rayDirections);
}

/// <summary>Colour features [N, M, C] and raw density [N, M, 1] at M sample points.</summary>
public readonly record struct DecodedSamples(Tensor Rgb, Tensor Sigma);

/// <summary>Adapts a plain function (features → rgb, sigma) to <see cref="ITriplaneDecoder"/>.</summary>
public sealed class DelegateTriplaneDecoder : ITriplaneDecoder
{
    private readonly Func<Tensor, Tensor, DecodedSamples> _decode;

    public DelegateTriplaneDecoder(Func<Tensor, Tensor, DecodedSamples> decode) => _decode = decode;

    /// <summary>For decoders that ignore the ray directions (the official OSGDecoder does).</summary>
    public DelegateTriplaneDecoder(Func<Tensor, (Tensor Rgb, Tensor Sigma)> decode) =>
        _decode = (features, _) => { var (rgb, sigma) = decode(features); return new DecodedSamples(Rgb: rgb, Sigma: sigma); };

    public DecodedSamples Decode(Tensor sampledFeatures, Tensor rayDirections) => _decode(sampledFeatures, rayDirections);
}
