using System.Globalization;
using Pv3d.Torch;
using Pv3d.Torch.Modules;

namespace Pv3d.Networks;

/// <summary>
/// The StyleGAN2 synthesis network as PV3D modifies it: blocks <c>b4 … b{img_resolution}</c> with
/// channels min(channel_base / res, channel_max), and the motion layer in every block of resolution ≤ 32.
/// Consecutive blocks share one w (a block's ToRGB w is the next block's conv0 w).
/// </summary>
public sealed class SynthesisNetwork : Module
{
    /// <summary>Blocks up to this resolution get the PV3D motion layer.</summary>
    public const long MotionMaxResolution = 32;

    public SynthesisNetwork(long wDim, long imgResolution, long imgChannels, long channelBase = 32768, long channelMax = 512,
        int numFp16Res = 4, double? convClamp = 256, FusedModconvMode fusedModconvDefault = FusedModconvMode.Fused,
        string architecture = "skip", bool useNoise = true)
    {
        if (imgResolution < 4 || (imgResolution & (imgResolution - 1)) != 0)
            throw new Pv3dException($"synthesis img_resolution must be a power of two ≥ 4, got {imgResolution}");
        WDim = wDim;
        ImgResolution = imgResolution;
        ImgChannels = imgChannels;
        NumFp16Res = numFp16Res;
        var log2 = (int)Math.Round(Math.Log2(imgResolution));
        var resolutions = new List<long>();
        for (var i = 2; i <= log2; i++) resolutions.Add(1L << i);
        BlockResolutions = resolutions;
        var fp16Resolution = Math.Max(1L << Math.Max(log2 + 1 - numFp16Res, 0), 8);

        foreach (var res in resolutions)
        {
            var inChannels = res > 4 ? Channels(res / 2, channelBase, channelMax) : 0;
            var outChannels = Channels(res, channelBase, channelMax);
            var isLast = res == imgResolution;
            var block = new SynthesisBlock(inChannels, outChannels, wDim, res, imgChannels, isLast, architecture, convClamp,
                useFp16: numFp16Res > 0 && res >= fp16Resolution, fusedModconvDefault, fuseMotionTime: res <= MotionMaxResolution,
                useNoise: useNoise);
            NumWs += block.NumConv + (isLast ? block.NumToRgb : 0);
            RegisterModule(BlockName(res), block);
        }
    }

    public long WDim { get; }
    public long ImgResolution { get; }
    public long ImgChannels { get; }
    public int NumFp16Res { get; }
    public IReadOnlyList<long> BlockResolutions { get; }

    /// <summary>How many w vectors a call takes (14 for PV3D's 256×256 backbone).</summary>
    public int NumWs { get; }

    public static long Channels(long res, long channelBase, long channelMax) => Math.Min(channelBase / res, channelMax);

    public static string BlockName(long res) => "b" + res.ToString(CultureInfo.InvariantCulture);

    public SynthesisBlock Block(long res) => GetModule<SynthesisBlock>(BlockName(res));

    /// <summary>
    /// ws [N, num_ws, w_dim], z_motion [N, 512], ts (N values) → image [N, img_channels, res, res].
    /// <paramref name="fusedModconv"/> overrides each block's default when given.
    /// </summary>
    public Tensor Forward(Tensor ws, Tensor? zMotion, Tensor? ts, NoiseMode noiseMode = NoiseMode.Random, bool? fusedModconv = null)
    {
        if (ws.Dim != 3 || ws.Size(1) != NumWs || ws.Size(2) != WDim)
            throw new ArgumentException($"synthesis expects ws [N, {NumWs}, {WDim}], got [{string.Join(", ", ws.Shape)}]");

        using var scope = TensorScope.Enter();
        var w = ws.DType == DType.Float32 ? ws : ws.Float();
        Tensor? x = null, img = null;
        var wIndex = 0;
        foreach (var res in BlockResolutions)
        {
            var block = Block(res);
            using var blockWs = w.Narrow(1, wIndex, block.NumConv + block.NumToRgb);
            wIndex += block.NumConv;
            var (nextX, nextImg) = block.Forward(x, img, blockWs, zMotion, ts, noiseMode, fusedModconv);
            // Release the previous block's outputs now rather than at the end of the pass.
            x?.Dispose();
            if (!ReferenceEquals(img, nextImg)) img?.Dispose();
            (x, img) = (nextX, nextImg);
        }
        return img!.MoveToOuterScope();
    }
}
