using System.Globalization;
using Pv3d.Torch;
using Pv3d.Torch.Modules;

namespace Pv3d.Networks;

/// <summary>
/// StyleGAN2's mapping network: z and the embedded camera label are each normalised to unit second
/// moment, concatenated and mapped by <c>num_layers</c> equalised-lr FC layers to w; a moving
/// average <c>w_avg</c> is tracked for truncation. Keys: <c>w_avg, embed.*, fc0.*, fc1.*, …</c>.
/// </summary>
public sealed class MappingNetwork : Module
{
    public MappingNetwork(long zDim, long cDim, long wDim, long? numWs, int numLayers = 8, long? embedFeatures = null,
        long? layerFeatures = null, string activation = "lrelu", double lrMultiplier = 0.01, double? wAvgBeta = 0.998)
    {
        ZDim = zDim;
        CDim = cDim;
        WDim = wDim;
        NumWs = numWs;
        NumLayers = numLayers;
        WAvgBeta = wAvgBeta;

        var embed = cDim == 0 ? 0 : embedFeatures ?? wDim;
        var layer = layerFeatures ?? wDim;
        var features = new List<long> { zDim + embed };
        for (var i = 0; i < numLayers - 1; i++) features.Add(layer);
        features.Add(wDim);

        if (cDim > 0) RegisterModule("embed", new FullyConnectedLayer(cDim, embed));
        for (var i = 0; i < numLayers; i++)
            RegisterModule(LayerName(i), new FullyConnectedLayer(features[i], features[i + 1], activation: activation, lrMultiplier: lrMultiplier));
        if (numWs != null && wAvgBeta != null) RegisterBuffer("w_avg", Tensor.Zeros(wDim));
    }

    public long ZDim { get; }
    public long CDim { get; }
    public long WDim { get; }
    public long? NumWs { get; }
    public int NumLayers { get; }
    public double? WAvgBeta { get; }

    public FullyConnectedLayer? Embed => CDim > 0 ? GetModule<FullyConnectedLayer>("embed") : null;
    public FullyConnectedLayer Layer(int index) => GetModule<FullyConnectedLayer>(LayerName(index));
    public Tensor? WAvg => NumWs != null && WAvgBeta != null ? GetBuffer("w_avg") : null;

    private static string LayerName(int index) => "fc" + index.ToString(CultureInfo.InvariantCulture);

    /// <summary>
    /// z [N, z_dim], c [N, c_dim] → ws [N, num_ws, w_dim] (or [N, w_dim] without num_ws).
    /// Truncation: <c>w ← w_avg + psi·(w − w_avg)</c> for all ws, or the first <paramref name="truncationCutoff"/>.
    /// <paramref name="updateEmas"/> moves w_avg towards this batch's mean w (training).
    /// </summary>
    public Tensor Forward(Tensor? z, Tensor? c, double truncationPsi = 1, int? truncationCutoff = null, bool updateEmas = false)
    {
        using var scope = TensorScope.Enter();
        Tensor? x = null;
        if (ZDim > 0)
        {
            if (z is null || z.Dim != 2 || z.Size(1) != ZDim)
                throw new ArgumentException($"mapping expects z [N, {ZDim}], got {Describe(z)}");
            x = Normalization.Normalize2ndMoment(z.DType == DType.Float32 ? z : z.Float());
        }
        if (CDim > 0)
        {
            if (c is null || c.Dim != 2 || c.Size(1) != CDim)
                throw new ArgumentException($"mapping expects c [N, {CDim}], got {Describe(c)}");
            var y = Normalization.Normalize2ndMoment(Embed!.Forward(c.DType == DType.Float32 ? c : c.Float()));
            x = x is null ? y : Tensor.Cat([x, y], 1);
        }
        if (x is null) throw new InvalidOperationException("a mapping network needs z_dim > 0 or c_dim > 0");

        for (var i = 0; i < NumLayers; i++) x = Layer(i).Forward(x);

        if (updateEmas && WAvgBeta is double beta && WAvg is { } wAvg)
        {
            using var noGrad = Autograd.NoGrad();
            using var mean = x.Detach().Mean(0);
            using var updated = mean.Lerp(wAvg, beta);
            wAvg.CopyFrom(updated);
        }

        if (NumWs is long numWs) x = x.Unsqueeze(1).Repeat(1, numWs, 1);

        if (truncationPsi != 1)
        {
            var avg = WAvg ?? throw new InvalidOperationException("truncation needs the tracked w_avg (w_avg_beta and num_ws set)");
            if (NumWs is null || truncationCutoff is null)
            {
                x = avg.Lerp(x, truncationPsi);
            }
            else
            {
                var cutoff = PythonSliceEnd(truncationCutoff.Value, x.Size(1));
                var head = avg.Lerp(x.Narrow(1, 0, cutoff), truncationPsi);
                x = Tensor.Cat([head, x.Narrow(1, cutoff, x.Size(1) - cutoff)], 1);
            }
        }
        return x.MoveToOuterScope();
    }

    // The official code slices ws[:, :cutoff]: negative counts from the end, past the end means all.
    private static long PythonSliceEnd(int end, long length) =>
        end < 0 ? Math.Max(length + end, 0) : Math.Min(end, length);

    private static string Describe(Tensor? t) => t is null ? "none" : $"[{string.Join(", ", t.Shape)}]";
}
