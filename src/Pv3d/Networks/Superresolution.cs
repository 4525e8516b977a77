using Pv3d.Torch;
using Pv3d.Torch.Modules;

namespace Pv3d.Networks;

/// <summary>
/// Base of the EG3D/PV3D super-resolution networks: two skip synthesis blocks (<c>block0</c>,
/// <c>block1</c>) driven by the last w vector, turning the raw neural rendering (rgb [N, 3, R, R]
/// and features [N, C, R, R]) into the final image [N, 3, imgRes, imgRes]. The rendering is first
/// resized (bilinear, optionally antialiased) to the network's input resolution.
/// </summary>
public abstract class Superresolution : Module
{
    /// <summary>The official networks hard-code the width of w.</summary>
    public const long WDim = 512;

    /// <summary>Colour channels of the output image.</summary>
    public const long ImgChannels = 3;

    private readonly bool _resizeOnlyWhenSmaller;

    protected Superresolution(string name, long channels, long imgResolution, long supportedImgResolution,
        long inputResolution, int srNumFp16Res, bool srAntialias, FusedModconvMode fusedModconvDefault,
        bool resizeOnlyWhenSmaller = false)
    {
        if (imgResolution != supportedImgResolution)
            throw new Pv3dException(
                $"{name} produces {supportedImgResolution}x{supportedImgResolution} images, but img_resolution is {imgResolution}; " +
                "choose the super-resolution module that matches the image resolution");
        Channels = channels;
        ImgResolution = imgResolution;
        InputResolution = inputResolution;
        SrAntialias = srAntialias;
        FusedModconvDefault = fusedModconvDefault;
        // The official code clamps only when it would run the blocks in fp16 on a GPU; we run fp32
        // but keep the clamp so that the arithmetic matches the checkpoint's configuration.
        ConvClamp = srNumFp16Res > 0 ? 256 : null;
        _resizeOnlyWhenSmaller = resizeOnlyWhenSmaller;
    }

    public long Channels { get; }
    public long ImgResolution { get; }
    public long InputResolution { get; }
    public bool SrAntialias { get; }
    public double? ConvClamp { get; }
    public FusedModconvMode FusedModconvDefault { get; }

    /// <summary>
    /// rgb [N, 3, R, R], x [N, channels, R, R], ws [N, numWs, 512] → image [N, 3, imgRes, imgRes].
    /// Every block layer gets <c>ws[:, -1]</c>. <paramref name="noiseMode"/> is the generator's
    /// <c>superresolution_noise_mode</c>, not the backbone's.
    /// </summary>
    public Tensor Forward(Tensor rgb, Tensor x, Tensor ws, NoiseMode noiseMode = NoiseMode.Random, bool? fusedModconv = null)
    {
        if (ws.Dim != 3 || ws.Size(2) != WDim)
            throw new ArgumentException($"ws must have shape [N, num_ws, {WDim}], got [{string.Join(", ", ws.Shape)}]", nameof(ws));
        using var scope = TensorScope.Enter();
        var wsSr = ws.Narrow(1, ws.Size(1) - 1, 1).Repeat(1, 3, 1);         // [N, 3, 512]

        var width = x.Size(-1);
        if (_resizeOnlyWhenSmaller ? width < InputResolution : width != InputResolution)
        {
            x = Resize(x);
            rgb = Resize(rgb);
        }

        (x, rgb) = RunBlock(GetModule<Module>("block0"), x, rgb, wsSr, noiseMode, fusedModconv);
        (_, rgb) = RunBlock(GetModule<Module>("block1"), x, rgb, wsSr, noiseMode, fusedModconv);
        return rgb.MoveToOuterScope();
    }

    private Tensor Resize(Tensor t) =>
        Functional.Interpolate(t, (InputResolution, InputResolution), InterpolateMode.Bilinear, alignCorners: false,
            antialias: SrAntialias);

    private static (Tensor X, Tensor Img) RunBlock(Module block, Tensor x, Tensor img, Tensor ws, NoiseMode noiseMode,
        bool? fusedModconv)
    {
        switch (block)
        {
            case SynthesisBlockNoUp noUp:
                return noUp.Forward(x, img, ws, noiseMode, fusedModconv);
            case SynthesisBlock up:
                var (upX, upImg) = up.Forward(x, img, ws, noiseMode: noiseMode, fusedModconv: fusedModconv);
                return (upX, upImg!);   // skip blocks always produce an image
            default:
                throw new InvalidOperationException($"unexpected super-resolution block {block.GetType().Name}");
        }
    }

    /// <summary>A resolution-keeping block of this network (fixed output width, ws of the SR).</summary>
    protected SynthesisBlockNoUp NoUpBlock(long inChannels, long outChannels, long resolution) =>
        new(inChannels, outChannels, WDim, resolution, ImgChannels, ConvClamp, FusedModconvDefault);

    /// <summary>An upsampling 'skip' block of this network (no motion layer).</summary>
    protected SynthesisBlock UpBlock(long inChannels, long outChannels, long resolution, bool isLast) =>
        new(inChannels, outChannels, WDim, resolution, ImgChannels, isLast, convClamp: ConvClamp,
            fusedModconvDefault: FusedModconvDefault);

    /// <summary>The [1,3,3,1] filter some official variants register at top level (unused by the forward pass).</summary>
    protected void RegisterResampleFilter() => RegisterBuffer("resample_filter", Functional.SetupFilter([1f, 3f, 3f, 1f]));
}
