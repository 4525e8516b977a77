using Pv3d.Torch;

namespace Pv3d.Rendering;

/// <summary>
/// Turns features sampled from the tri-planes into raw density and colour, like the official
/// OSGDecoder. Inputs: features [N, 3, M, C] and ray directions [N, M, 3] (may be unused).
/// Outputs: sigma [N, M, 1] (before the ray marcher's activation) and rgb [N, M, C'].
/// </summary>
public interface ITriplaneDecoder
{
    DecodedSamples Decode(Tensor sampledFeatures, Tensor rayDirections);
}

/// <summary>Raw density [N, M, 1] and colour features [N, M, C] at M sample points.</summary>
public readonly record struct DecodedSamples(Tensor Sigma, Tensor Rgb);

/// <summary>Adapts a plain function (features → sigma, rgb) to <see cref="ITriplaneDecoder"/>.</summary>
public sealed class DelegateTriplaneDecoder : ITriplaneDecoder
{
    private readonly Func<Tensor, Tensor, DecodedSamples> _decode;

    public DelegateTriplaneDecoder(Func<Tensor, Tensor, DecodedSamples> decode) => _decode = decode;

    /// <summary>For decoders that ignore the ray directions (the official OSGDecoder does).</summary>
    public DelegateTriplaneDecoder(Func<Tensor, (Tensor Sigma, Tensor Rgb)> decode) =>
        _decode = (features, _) => { var (sigma, rgb) = decode(features); return new DecodedSamples(sigma, rgb); };

    public DecodedSamples Decode(Tensor sampledFeatures, Tensor rayDirections) => _decode(sampledFeatures, rayDirections);
}
