namespace Pv3d.Torch.Modules;

/// <summary>
/// 2-D convolution like torch.nn.Conv2d (zero padding): weight [out, in/groups, kh, kw], bias [out],
/// PyTorch's default init.
/// </summary>
public sealed class Conv2d : Module<Tensor, Tensor>
{
    public Conv2d(long inChannels, long outChannels, Pair2d kernelSize, Pair2d? stride = null, Pair2d padding = default,
        Pair2d? dilation = null, long groups = 1, bool bias = true, DType dtype = DType.Float32, Device? device = null)
    {
        if (groups < 1 || inChannels % groups != 0 || outChannels % groups != 0)
            throw new ArgumentException($"groups ({groups}) must divide both in ({inChannels}) and out ({outChannels}) channels");
        InChannels = inChannels;
        OutChannels = outChannels;
        KernelSize = kernelSize;
        Stride = stride ?? 1;
        Padding = padding;
        Dilation = dilation ?? 1;
        Groups = groups;
        long[] shape = [outChannels, inChannels / groups, kernelSize.H, kernelSize.W];
        var fanIn = Init.FanIn(shape);
        RegisterParameter("weight", Init.DefaultLayerUniform(shape, fanIn, dtype, device));
        RegisterParameter("bias", bias ? Init.DefaultLayerUniform([outChannels], fanIn, dtype, device) : null);
    }

    public long InChannels { get; }
    public long OutChannels { get; }
    public Pair2d KernelSize { get; }
    public Pair2d Stride { get; }
    public Pair2d Padding { get; }
    public Pair2d Dilation { get; }
    public long Groups { get; }

    public Tensor Weight => GetParameter("weight")!;
    public Tensor? Bias => GetParameter("bias");

    public override Tensor Forward(Tensor input) =>
        Functional.Conv2d(input, Weight, Bias, Stride, Padding, Dilation, Groups);
}
