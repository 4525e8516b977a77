using Pv3d.Torch;
using Pv3d.Torch.Modules;

namespace Pv3d.Networks;

/// <summary>
/// One resolution of the StyleGAN2 synthesis network ('skip' or 'orig' architecture): a learned
/// constant (first block) or an upsampling conv0, the PV3D motion layer when
/// <c>fuseMotionTime</c>, conv1, and a ToRGB whose output is added to the upsampled skip image.
/// State-dict order: <c>const, resample_filter, conv0.*, motion_time_fuser.*, conv1.*, torgb.*</c>.
/// Runs in float32 whatever <c>useFp16</c> says (the official code also does on CPU).
/// </summary>
public class SynthesisBlock : Module
{
    private static readonly float[] DefaultResampleTaps = [1, 3, 3, 1];

    public SynthesisBlock(long inChannels, long outChannels, long wDim, long resolution, long imgChannels, bool isLast,
        string architecture = "skip", double? convClamp = 256, bool useFp16 = false,
        FusedModconvMode fusedModconvDefault = FusedModconvMode.Fused, bool fuseMotionTime = false, bool useNoise = true)
    {
        if (architecture is not ("skip" or "orig"))
            throw new Pv3dException($"synthesis block architecture '{architecture}' is not supported (use 'skip' or 'orig')");
        InChannels = inChannels;
        OutChannels = outChannels;
        WDim = wDim;
        Resolution = resolution;
        ImgChannels = imgChannels;
        IsLast = isLast;
        Architecture = architecture;
        UseFp16 = useFp16;
        FusedModconvDefault = fusedModconvDefault;
        FuseMotionTime = fuseMotionTime;

        RegisterBuffer("resample_filter", Functional.SetupFilter(DefaultResampleTaps));
        if (inChannels == 0)
        {
            RegisterParameter("const", Tensor.Randn(outChannels, resolution, resolution));
        }
        else
        {
            RegisterModule("conv0", new SynthesisLayer(inChannels, outChannels, wDim, resolution, up: 2, useNoise: useNoise,
                convClamp: convClamp));
            NumConv++;
        }
        if (fuseMotionTime)
        {
            // As in the official block, the motion layer keeps its own defaults (w_dim = TimeConvFuser.MotionDim, no clamp).
            RegisterModule("motion_time_fuser", new TimeConvFuser(resolution, imChannels: outChannels));
        }
        RegisterModule("conv1", new SynthesisLayer(outChannels, outChannels, wDim, resolution, useNoise: useNoise, convClamp: convClamp));
        NumConv++;
        if (isLast || architecture == "skip")
        {
            RegisterModule("torgb", new ToRGBLayer(outChannels, imgChannels, wDim, convClamp: convClamp));
            NumToRgb++;
        }
    }

    public long InChannels { get; }
    public long OutChannels { get; }
    public long WDim { get; }
    public long Resolution { get; }
    public long ImgChannels { get; }
    public bool IsLast { get; }
    public string Architecture { get; }
    public bool UseFp16 { get; }
    public FusedModconvMode FusedModconvDefault { get; }
    public bool FuseMotionTime { get; }

    /// <summary>Number of w vectors the convolutions take (1 for the constant block, else 2).</summary>
    public int NumConv { get; }

    /// <summary>Number of w vectors the ToRGB takes (0 or 1).</summary>
    public int NumToRgb { get; }

    public Tensor ResampleFilter => GetBuffer("resample_filter")!;
    public Tensor? Const => InChannels == 0 ? GetParameter("const") : null;
    public SynthesisLayer? Conv0 => InChannels != 0 ? GetModule<SynthesisLayer>("conv0") : null;
    public TimeConvFuser? MotionTimeFuser => FuseMotionTime ? GetModule<TimeConvFuser>("motion_time_fuser") : null;
    public SynthesisLayer Conv1 => GetModule<SynthesisLayer>("conv1");
    public ToRGBLayer? ToRgb => NumToRgb > 0 ? GetModule<ToRGBLayer>("torgb") : null;

    /// <summary>Whether this call runs the fused modulated convolution (an explicit choice wins over the default).</summary>
    public bool ResolveFusedModconv(bool? fusedModconv) => fusedModconv ?? FusedModconvDefault.Resolve(IsTraining);

    /// <summary>
    /// x [N, in, res/2, res/2] (null for the first block), img [N, img_channels, res/2, res/2] (or null),
    /// ws [N, num_conv + num_torgb, w_dim]; z_motion [N, 512] and ts (N values) feed the motion layer.
    /// Returns the features [N, out, res, res] and the skip image [N, img_channels, res, res].
    /// </summary>
    public (Tensor X, Tensor? Img) Forward(Tensor? x, Tensor? img, Tensor ws, Tensor? zMotion = null, Tensor? ts = null,
        NoiseMode noiseMode = NoiseMode.Random, bool? fusedModconv = null)
    {
        if (ws.Dim != 3 || ws.Size(1) != NumConv + NumToRgb || ws.Size(2) != WDim)
            throw new ArgumentException($"block b{Resolution} expects ws [N, {NumConv + NumToRgb}, {WDim}], got [{string.Join(", ", ws.Shape)}]");
        if (FuseMotionTime && (zMotion is null || ts is null))
            throw new ArgumentException($"block b{Resolution} has a motion layer: it needs z_motion and Ts");
        var fused = ResolveFusedModconv(fusedModconv);
        var n = ws.Size(0);

        using var scope = TensorScope.Enter();
        var wIndex = 0;
        Tensor NextW() => ws.Select(1, wIndex++);

        var input = x;
        // Each stage's output replaces the previous one, which is released at once (not at scope end).
        void Advance(Tensor next)
        {
            if (x != null && !ReferenceEquals(x, input)) x.Dispose();
            x = next;
        }

        if (InChannels == 0)
        {
            Advance(Const!.Unsqueeze(0).Repeat(n, 1, 1, 1));
            var conv0W = NextW();
            Advance(Conv1.Forward(x!, conv0W, noiseMode, fused));
            if (FuseMotionTime) Advance(MotionTimeFuser!.Forward(x!, conv0W, zMotion!, ts!, noiseMode: noiseMode, fusedModconv: fused));
        }
        else
        {
            var inRes = Resolution / 2;
            if (x is null || x.Dim != 4 || x.Size(1) != InChannels || x.Size(2) != inRes || x.Size(3) != inRes)
                throw new ArgumentException($"block b{Resolution} expects x [N, {InChannels}, {inRes}, {inRes}], got {Describe(x)}");
            var conv0W = NextW();
            var conv1W = NextW();
            Advance(Conv0!.Forward(x, conv0W, noiseMode, fused));
            if (FuseMotionTime) Advance(MotionTimeFuser!.Forward(x!, conv0W, zMotion!, ts!, noiseMode: noiseMode, fusedModconv: fused));
            Advance(Conv1.Forward(x!, conv1W, noiseMode, fused));
        }

        if (img != null)
        {
            var inRes = Resolution / 2;
            if (img.Dim != 4 || img.Size(1) != ImgChannels || img.Size(2) != inRes || img.Size(3) != inRes)
                throw new ArgumentException($"block b{Resolution} expects img [N, {ImgChannels}, {inRes}, {inRes}], got {Describe(img)}");
            img = Functional.Upsample2d(img, ResampleFilter);
        }
        if (NumToRgb > 0)
        {
            var y = ToRgb!.Forward(x!, NextW(), fused);
            img = img is null ? y : AddInto(img, y);
        }

        x!.MoveToOuterScope();
        img?.MoveToOuterScope();
        return (x, img);
    }

    private static Tensor AddInto(Tensor img, Tensor y) => img.RequiresGrad || y.RequiresGrad ? img + y : img.AddInPlace(y);

    private static string Describe(Tensor? t) => t is null ? "none" : $"[{string.Join(", ", t.Shape)}]";
}
