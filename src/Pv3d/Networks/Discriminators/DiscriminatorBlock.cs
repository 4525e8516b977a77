using Pv3d.Torch;
using Pv3d.Torch.Modules;

namespace Pv3d.Networks.Discriminators;

/// <summary>
/// StyleGAN2's residual discriminator block at one resolution: (first block only) fromrgb 1×1, then
/// conv0 3×3 and conv1 3×3 with 2× downsampling, plus a 1×1 downsampling skip; both branches are
/// scaled by √½ and summed. State-dict order: <c>resample_filter, fromrgb.*, conv0.*, conv1.*, skip.*</c>.
/// </summary>
public sealed class DiscriminatorBlock : Module
{
    private static readonly float[] DefaultResampleTaps = [1, 3, 3, 1];
    private static readonly double BranchGain = Math.Sqrt(0.5);

    /// <param name="inChannels">Channels of the incoming features; 0 for the first block, which reads the image.</param>
    public DiscriminatorBlock(long inChannels, long tmpChannels, long outChannels, long resolution, long imgChannels,
        string activation = "lrelu", double? convClamp = null)
    {
        if (inChannels != 0 && inChannels != tmpChannels)
            throw new ArgumentException($"a discriminator block takes 0 (first block) or {tmpChannels} input channels, got {inChannels}");
        InChannels = inChannels;
        TmpChannels = tmpChannels;
        OutChannels = outChannels;
        Resolution = resolution;
        ImgChannels = imgChannels;

        RegisterBuffer("resample_filter", Functional.SetupFilter(DefaultResampleTaps));
        if (inChannels == 0)
            RegisterModule("fromrgb", new Conv2dLayer(imgChannels, tmpChannels, 1, activation: activation, convClamp: convClamp));
        RegisterModule("conv0", new Conv2dLayer(tmpChannels, tmpChannels, 3, activation: activation, convClamp: convClamp));
        RegisterModule("conv1", new Conv2dLayer(tmpChannels, outChannels, 3, activation: activation, down: 2, convClamp: convClamp));
        RegisterModule("skip", new Conv2dLayer(tmpChannels, outChannels, 1, bias: false, down: 2));
    }

    public long InChannels { get; }
    public long TmpChannels { get; }
    public long OutChannels { get; }
    public long Resolution { get; }
    public long ImgChannels { get; }
    public bool IsFirst => InChannels == 0;

    public Conv2dLayer? FromRgb => IsFirst ? GetModule<Conv2dLayer>("fromrgb") : null;
    public Conv2dLayer Conv0 => GetModule<Conv2dLayer>("conv0");
    public Conv2dLayer Conv1 => GetModule<Conv2dLayer>("conv1");
    public Conv2dLayer Skip => GetModule<Conv2dLayer>("skip");

    /// <summary>
    /// First block: <paramref name="img"/> [N, img_channels, res, res] (x ignored); later blocks:
    /// <paramref name="x"/> [N, in, res, res]. Returns [N, out, res/2, res/2].
    /// </summary>
    public Tensor Forward(Tensor? x, Tensor? img)
    {
        using var scope = TensorScope.Enter();
        if (IsFirst)
        {
            CheckShape(img, ImgChannels, "image");
            x = FromRgb!.Forward(img!);
        }
        else
        {
            CheckShape(x, InChannels, "features");
        }
        var y = Skip.Forward(x!, BranchGain);
        var h = Conv0.Forward(x!);
        h = Conv1.Forward(h, BranchGain);
        return (y + h).MoveToOuterScope();
    }

    private void CheckShape(Tensor? t, long channels, string what)
    {
        if (t is null || t.Dim != 4 || t.Size(1) != channels || t.Size(2) != Resolution || t.Size(3) != Resolution)
            throw new ArgumentException(
                $"discriminator block b{Resolution} expects {what} [N, {channels}, {Resolution}, {Resolution}], got {(t is null ? "none" : $"[{string.Join(", ", t.Shape)}]")}");
    }
}
