using Pv3d.Torch;

namespace Pv3d.Faces.Models;

/// <summary>
/// The converted weights of one face-api network: reads names from a <see cref="WeightMap"/>, converts TF layouts to
/// ours and owns the results (disposed with the network).
/// </summary>
public sealed class TfWeights : IDisposable
{
    private readonly WeightMap _map;
    private readonly List<Tensor> _owned = new();

    public TfWeights(WeightMap map) => _map = map;

    private Tensor Keep(Tensor t)
    {
        t.DetachFromScopes();
        _owned.Add(t);
        return t;
    }

    /// <summary>A conv filter, HWIO in the file, [O, I, kh, kw] here.</summary>
    public Tensor Conv(string name, long kh, long kw, long cin, long cout) =>
        Keep(TfLayers.ConvFilter(_map.Get(name, kh, kw, cin, cout)));

    /// <summary>A depthwise filter, [kh, kw, C, 1] in the file, [C, 1, kh, kw] here.</summary>
    public Tensor Depthwise(string name, long kh, long kw, long channels) =>
        Keep(TfLayers.DepthwiseFilter(_map.Get(name, kh, kw, channels, 1)));

    /// <summary>A vector [C].</summary>
    public Tensor Vector(string name, long length) => Keep(_map.Get(name, length).Clone());

    /// <summary>A vector [C] shaped [1, C, 1, 1] for NCHW broadcasting.</summary>
    public Tensor Channels(string name, long length) => Keep(TfLayers.Channels(_map.Get(name, length)));

    /// <summary>Any weight as stored, checked against a shape.</summary>
    public Tensor Raw(string name, params long?[] shape) => Keep(_map.Get(name, shape).Clone());

    public void Dispose()
    {
        foreach (var t in _owned) t.Dispose();
        _owned.Clear();
    }
}

/// <summary>A TF separable conv (face-api's <c>SeparableConvParams</c>): depthwise [C,1,3,3], pointwise [O,C,1,1], bias [O].</summary>
public sealed record SeparableConv(Tensor Depthwise, Tensor Pointwise, Tensor Bias)
{
    public static SeparableConv Load(TfWeights w, string prefix, long cin, long cout) => new(
        w.Depthwise($"{prefix}/depthwise_filter", 3, 3, cin),
        w.Conv($"{prefix}/pointwise_filter", 1, 1, cin, cout),
        w.Vector($"{prefix}/bias", cout));

    public Tensor Forward(Tensor x, long stride) => TfLayers.SeparableConv2d(x, Depthwise, Pointwise, Bias, stride, same: true);
}
