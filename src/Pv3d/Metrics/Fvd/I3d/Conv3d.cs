using Pv3d.Torch;
using Pv3d.Torch.Modules;

namespace Pv3d.Metrics.Fvd.I3d;

/// <summary>
/// A 3-D convolution (torch.nn.Conv3d, no padding; weight [O, C, kt, kh, kw], bias [O]) on activations laid out
/// [B, T, C, H, W], computed as one 2-D convolution: the kt input frames that meet each output frame are stacked
/// along channels ([B*To, kt*C, H, W]) against the weight reordered to [O, kt*C, kh, kw]. Same sums as Conv3d.
/// </summary>
public sealed class Conv3d : Module<Tensor, Tensor>
{
    public Conv3d(long inChannels, long outChannels, (int T, int H, int W) kernel, (int T, int H, int W) stride, bool bias)
    {
        Kernel = kernel;
        Stride = stride;
        long[] shape = [outChannels, inChannels, kernel.T, kernel.H, kernel.W];
        var fanIn = Init.FanIn(shape);
        RegisterParameter("weight", Init.DefaultLayerUniform(shape, fanIn, DType.Float32, null));
        RegisterParameter("bias", bias ? Init.DefaultLayerUniform([outChannels], fanIn, DType.Float32, null) : null);
    }

    public (int T, int H, int W) Kernel { get; }
    public (int T, int H, int W) Stride { get; }

    /// <param name="x">[B, T, C, H, W], already padded.</param>
    /// <returns>[B, To, O, Ho, Wo] with To = (T - kt) / st + 1.</returns>
    public override Tensor Forward(Tensor x)
    {
        var w = GetParameter("weight")!;
        var (b, t, c, h, wd) = (x.Shape[0], x.Shape[1], x.Shape[2], x.Shape[3], x.Shape[4]);
        var to = (t - Kernel.T) / Stride.T + 1;
        var o = w.Shape[0];
        Tensor frames;
        if (Kernel.T == 1 && Stride.T == 1)
            frames = x.Reshape(b * t, c, h, wd);
        else
        {
            // Frame index of (output frame i, tap k) is i * st + k, ordered (i, k) so that taps sit next to each other.
            var index = new long[to * Kernel.T];
            for (var i = 0; i < to; i++)
                for (var k = 0; k < Kernel.T; k++)
                    index[i * Kernel.T + k] = i * Stride.T + k;
            using var idx = Tensor.FromArray(index, index.Length).To(x.Device);
            frames = x.IndexSelect(1, idx).Reshape(b * to, Kernel.T * c, h, wd);
        }
        var weight2d = w.Permute(0, 2, 1, 3, 4).Reshape(o, Kernel.T * c, Kernel.H, Kernel.W);
        var y = Functional.Conv2d(frames, weight2d, GetParameter("bias"), new Pair2d(Stride.H, Stride.W));
        return y.View(b, to, o, y.Shape[2], y.Shape[3]);
    }
}
