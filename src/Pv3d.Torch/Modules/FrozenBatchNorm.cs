namespace Pv3d.Torch.Modules;

/// <summary>
/// Batch normalisation with frozen statistics: y = (x - running_mean) / sqrt(running_var + eps) * weight + bias
/// over channel dim <see cref="ChannelDim"/>, whatever the training mode — what torch.nn.BatchNorm1d/2d/3d compute
/// in eval mode, with their state-dict names (weight, bias, running_mean, running_var, num_batches_tracked).
/// For pretrained feature networks (metrics) that are only ever evaluated; it never updates its statistics.
/// </summary>
public sealed class FrozenBatchNorm : Module<Tensor, Tensor>
{
    /// <param name="channelDim">The channel dim of the inputs (1 for PyTorch's NC... layouts).</param>
    public FrozenBatchNorm(long channels, double eps = 1e-5, bool affine = true, int channelDim = 1)
    {
        Channels = channels;
        Eps = eps;
        ChannelDim = channelDim;
        RegisterParameter("weight", affine ? Tensor.Ones(channels) : null);
        RegisterParameter("bias", affine ? Tensor.Zeros(channels) : null);
        RegisterBuffer("running_mean", Tensor.Zeros(channels));
        RegisterBuffer("running_var", Tensor.Ones(channels));
        RegisterBuffer("num_batches_tracked", Tensor.Zeros(new long[] { }, DType.Int64));
    }

    public long Channels { get; }
    public double Eps { get; }
    public int ChannelDim { get; }

    public override Tensor Forward(Tensor x)
    {
        var shape = Enumerable.Repeat(1L, (int)x.Dim).ToArray();
        shape[ChannelDim] = Channels;
        // scale = weight / sqrt(var + eps), shift = bias - mean * scale: one multiply-add over the activations.
        var scale = (GetBuffer("running_var")! + Eps).Rsqrt();
        if (GetParameter("weight") is { } w) scale = scale * w;
        var shift = -GetBuffer("running_mean")! * scale;
        if (GetParameter("bias") is { } b) shift = shift + b;
        return x * scale.View(shape) + shift.View(shape);
    }
}
