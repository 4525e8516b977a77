using Pv3d.Rendering;
using Pv3d.Torch;
using Pv3d.Torch.Modules;

namespace Pv3d.Networks;

/// <summary>
/// The tri-plane feature decoder (official <c>OSGDecoder</c>): the three plane features of each
/// point are averaged, then a two-layer MLP (FC → softplus → FC) gives one raw density and
/// <c>outputDim</c> colour features. Keys: <c>net.0.*</c>, <c>net.2.*</c> (index 1 is the softplus).
/// </summary>
public sealed class OsgDecoder : Module, ITriplaneDecoder
{
    /// <summary>Hidden width of the MLP, fixed by the official code.</summary>
    public const long HiddenDim = 64;

    // MipNeRF's widened sigmoid: colours may reach slightly beyond [0, 1].
    private const double SigmoidPadding = 0.001;

    public OsgDecoder(long nFeatures = 32, long outputDim = 32, double lrMultiplier = 1)
    {
        NFeatures = nFeatures;
        OutputDim = outputDim;
        Net = RegisterModule("net", new Sequential(
            new FullyConnectedLayer(nFeatures, HiddenDim, lrMultiplier: lrMultiplier),
            new Softplus(),
            new FullyConnectedLayer(HiddenDim, 1 + outputDim, lrMultiplier: lrMultiplier)));
    }

    public long NFeatures { get; }
    public long OutputDim { get; }
    public Sequential Net { get; }

    /// <summary>
    /// <paramref name="sampledFeatures"/> [N, planes, M, C] → rgb [N, M, outputDim], sigma [N, M, 1].
    /// Ray directions are accepted for the official signature but unused.
    /// </summary>
    public DecodedSamples Forward(Tensor sampledFeatures, Tensor? rayDirections = null)
    {
        if (sampledFeatures.Dim != 4 || sampledFeatures.Size(3) != NFeatures)
            throw new ArgumentException(
                $"the decoder expects features [N, planes, M, {NFeatures}], got [{string.Join(", ", sampledFeatures.Shape)}]",
                nameof(sampledFeatures));
        var n = sampledFeatures.Size(0);
        var m = sampledFeatures.Size(2);
        using var scope = TensorScope.Enter();
        var x = sampledFeatures.Mean(1).Reshape(n * m, NFeatures);          // [N·M, C]
        x = Net.Forward(x).View(n, m, 1 + OutputDim);                          // [N, M, 1 + out]
        var rgb = x.Narrow(2, 1, OutputDim).Sigmoid() * (1 + 2 * SigmoidPadding) - SigmoidPadding;
        var sigma = x.Narrow(2, 0, 1);
        return new DecodedSamples(Rgb: rgb.MoveToOuterScope(), Sigma: sigma.MoveToOuterScope());
    }

    public DecodedSamples Decode(Tensor sampledFeatures, Tensor rayDirections) => Forward(sampledFeatures, rayDirections);
}
