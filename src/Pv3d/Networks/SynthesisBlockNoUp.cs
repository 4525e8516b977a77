using Pv3d.Torch;
using Pv3d.Torch.Modules;

namespace Pv3d.Networks;

/// <summary>
/// The super-resolution variant of a 'skip' synthesis block that keeps the resolution: conv0 has
/// no upsampling and the incoming image is not upsampled before the block's ToRGB output is added
/// (official <c>SynthesisBlockNoUp</c>; no motion layer). Children: <c>const</c> (first block only),
/// buffer <c>resample_filter</c> (kept for checkpoint compatibility, unused), <c>conv0</c>,
/// <c>conv1</c>, <c>torgb</c>.
/// </summary>
public sealed class SynthesisBlockNoUp : Module
{
    public SynthesisBlockNoUp(long inChannels, long outChannels, long wDim, long resolution, long imgChannels,
        double? convClamp = 256, FusedModconvMode fusedModconvDefault = FusedModconvMode.Fused)
    {
        InChannels = inChannels;
        OutChannels = outChannels;
        WDim = wDim;
        Resolution = resolution;
        ImgChannels = imgChannels;
        FusedModconvDefault = fusedModconvDefault;
        RegisterBuffer("resample_filter", Functional.SetupFilter([1f, 3f, 3f, 1f]));
        if (inChannels == 0)
        {
            RegisterParameter("const", Tensor.Randn([outChannels, resolution, resolution]));
        }
        else
        {
            RegisterModule("conv0", new SynthesisLayer(inChannels, outChannels, wDim, resolution, convClamp: convClamp));
        }
        RegisterModule("conv1", new SynthesisLayer(outChannels, outChannels, wDim, resolution, convClamp: convClamp));
        RegisterModule("torgb", new ToRGBLayer(outChannels, imgChannels, wDim, convClamp: convClamp));
    }

    public long InChannels { get; }
    public long OutChannels { get; }
    public long WDim { get; }
    public long Resolution { get; }
    public long ImgChannels { get; }
    public FusedModconvMode FusedModconvDefault { get; }

    /// <summary>How many w vectors <see cref="Forward"/> consumes: one per conv plus one for ToRGB.</summary>
    public int NumWs => InChannels == 0 ? 2 : 3;

    private SynthesisLayer Conv0 => GetModule<SynthesisLayer>("conv0");
    private SynthesisLayer Conv1 => GetModule<SynthesisLayer>("conv1");
    private ToRGBLayer ToRgb => GetModule<ToRGBLayer>("torgb");

    /// <summary>
    /// x [N, in, res, res] (ignored for the first block), img [N, imgChannels, res, res] or null,
    /// ws [N, NumWs, wDim] → (x [N, out, res, res], img [N, imgChannels, res, res]).
    /// </summary>
    public (Tensor X, Tensor Img) Forward(Tensor? x, Tensor? img, Tensor ws, NoiseMode noiseMode = NoiseMode.Random,
        bool? fusedModconv = null)
    {
        CheckShape(ws, "ws", -1, NumWs, WDim);
        var n = ws.Size(0);
        var fused = fusedModconv ?? FusedModconvDefault.Resolve(IsTraining);
        using var scope = TensorScope.Enter();
        var w = ws.Unbind(1);
        Tensor h;
        if (InChannels == 0)
        {
            h = GetParameter("const")!.Unsqueeze(0).Repeat(n, 1, 1, 1);
            h = Conv1.Forward(h, w[0], noiseMode, fused);
        }
        else
        {
            ArgumentNullException.ThrowIfNull(x);
            CheckShape(x, "x", n, InChannels, Resolution, Resolution);
            h = Conv0.Forward(x, w[0], noiseMode, fused);
            h = Conv1.Forward(h, w[1], noiseMode, fused);
        }
        var y = ToRgb.Forward(h, w[NumWs - 1], fused);
        if (img is not null) CheckShape(img, "img", n, ImgChannels, Resolution, Resolution);
        var outImg = img is null ? y : img + y;
        return (h.MoveToOuterScope(), outImg.MoveToOuterScope());
    }

    private static void CheckShape(Tensor t, string name, params long[] expected)
    {
        var shape = t.Shape;
        var ok = shape.Length == expected.Length && expected.Zip(shape).All(p => p.First < 0 || p.First == p.Second);
        if (!ok)
            throw new ArgumentException(
                $"{name} must have shape [{string.Join(", ", expected.Select(e => e < 0 ? "N" : e.ToString()))}], got [{string.Join(", ", shape)}]");
    }
}
