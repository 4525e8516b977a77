using Pv3d.Torch;
using Pv3d.Torch.Modules;

namespace Pv3d.Networks.Discriminators;

/// <summary>
/// Minibatch standard deviation: the batch is split into groups of G = min(group size, N) samples
/// (sample g·(N/G) + j belongs to group j), the channels into F parts; each group's per-feature stddev
/// over its members, averaged over the part's channels and the pixels, is appended as F extra channels.
/// No state.
/// </summary>
public sealed class MinibatchStdLayer : Module
{
    public MinibatchStdLayer(int? groupSize, int numChannels = 1)
    {
        if (groupSize is < 1) throw new ArgumentOutOfRangeException(nameof(groupSize), "group size must be positive (or null for the whole batch)");
        if (numChannels < 1) throw new ArgumentOutOfRangeException(nameof(numChannels), "at least one stddev channel");
        GroupSize = groupSize;
        NumChannels = numChannels;
    }

    public int? GroupSize { get; }
    public int NumChannels { get; }

    /// <summary>x [N, C, H, W] → [N, C + F, H, W].</summary>
    public Tensor Forward(Tensor x)
    {
        if (x.Dim != 4) throw new ArgumentException($"minibatch stddev expects [N, C, H, W], got [{string.Join(", ", x.Shape)}]");
        long n = x.Size(0), c = x.Size(1), h = x.Size(2), w = x.Size(3);
        var g = GroupSize is int gs ? Math.Min(gs, n) : n;
        if (n % g != 0) throw new ArgumentException($"minibatch stddev: batch size {n} is not divisible by the group size {g}");
        if (c % NumChannels != 0) throw new ArgumentException($"minibatch stddev: {c} channels do not split into {NumChannels} parts");
        long f = NumChannels;

        using var scope = TensorScope.Enter();
        var y = x.Reshape(g, -1, f, c / f, h, w);
        y = y - y.Mean(0);
        y = y.Square().Mean(0);
        y = (y + 1e-8).Sqrt();
        y = y.Mean([2, 3, 4]);
        y = y.Reshape(-1, f, 1, 1).Repeat(g, 1, h, w);
        return Tensor.Cat([x, y], 1).MoveToOuterScope();
    }
}
