using Pv3d.Torch;
using Pv3d.Torch.Modules;

namespace Pv3d.Metrics.Fvd.I3d;

/// <summary>
/// The FVD feature network: VideoGPT's <c>InceptionI3d(400, in_channels=3)</c>
/// (<c>lib/utils/frechet_video_distance/i3d/pytorch_i3d.py</c>), weights <c>i3d_pretrained_400.pt</c>. Output: the
/// 400 logits averaged over the remaining time steps (dropout is the identity at evaluation).
/// Input [B, 3, T, 224, 224] in the official layout (<see cref="ForwardOfficialLayout"/>) or [B, T, 3, 224, 224],
/// the layout every layer here works in (convolutions run per frame as 2-D convolutions).
/// State-dict order, as the official module registers them: <c>logits.conv3d.{weight,bias}</c> first (assigned in
/// the constructor before the end points are added), then <c>Conv3d_1a_7x7</c>, <c>Conv3d_2b_1x1</c>,
/// <c>Conv3d_2c_3x3</c>, <c>Mixed_3b</c> ... <c>Mixed_5c</c> (pools have no state).
/// </summary>
public sealed class InceptionI3d : Module<Tensor, Tensor>
{
    public const int FeatureSize = 400;

    // (end point, kind, argument): the official VALID_ENDPOINTS up to Mixed_5c.
    private static readonly (string Name, long In, long[] Out)[] Mixed =
    {
        ("Mixed_3b", 192, [64, 96, 128, 16, 32, 32]),
        ("Mixed_3c", 256, [128, 128, 192, 32, 96, 64]),
        ("Mixed_4b", 128 + 192 + 96 + 64, [192, 96, 208, 16, 48, 64]),
        ("Mixed_4c", 192 + 208 + 48 + 64, [160, 112, 224, 24, 64, 64]),
        ("Mixed_4d", 160 + 224 + 64 + 64, [128, 128, 256, 24, 64, 64]),
        ("Mixed_4e", 128 + 256 + 64 + 64, [112, 144, 288, 32, 64, 64]),
        ("Mixed_4f", 112 + 288 + 64 + 64, [256, 160, 320, 32, 128, 128]),
        ("Mixed_5b", 256 + 320 + 128 + 128, [256, 160, 320, 32, 128, 128]),
        ("Mixed_5c", 256 + 320 + 128 + 128, [384, 192, 384, 48, 128, 128]),
    };

    public InceptionI3d(long numClasses = FeatureSize, long inChannels = 3)
    {
        RegisterModule("logits", new Unit3d(384 + 384 + 128 + 128, numClasses, batchNorm: false, relu: false, bias: true));
        RegisterModule("Conv3d_1a_7x7", new Unit3d(inChannels, 64, kernel: (7, 7, 7), stride: (2, 2, 2)));
        RegisterModule("Conv3d_2b_1x1", new Unit3d(64, 64));
        RegisterModule("Conv3d_2c_3x3", new Unit3d(64, 192, kernel: (3, 3, 3)));
        foreach (var (name, input, output) in Mixed) RegisterModule(name, new InceptionModule(input, output));
    }

    private Unit3d Unit(string name) => (Unit3d)GetModule(name)!;

    /// <param name="x">[B, 3, T, H, W] (the official CTHW layout per video)</param>
    /// <returns>[B, 400]</returns>
    public Tensor ForwardOfficialLayout(Tensor x) => Forward(x.Permute(0, 2, 1, 3, 4));

    /// <param name="x">[B, T, 3, H, W], preprocessed (<see cref="I3dPreprocess"/>)</param>
    /// <returns>[B, 400]: logits averaged over time</returns>
    public override Tensor Forward(Tensor x)
    {
        x = Unit("Conv3d_1a_7x7").Forward(x);                         // [B, T/2, 64, H/2, W/2]
        x = SamePadding.MaxPool(x, (1, 3, 3), (1, 2, 2));              // MaxPool3d_2a_3x3
        x = Unit("Conv3d_2b_1x1").Forward(x);
        x = Unit("Conv3d_2c_3x3").Forward(x);                         // [B, T/2, 192, H/4, W/4]
        x = SamePadding.MaxPool(x, (1, 3, 3), (1, 2, 2));              // MaxPool3d_3a_3x3
        foreach (var (name, _, _) in Mixed)
        {
            x = ((InceptionModule)GetModule(name)!).Forward(x);
            if (name == "Mixed_3c") x = SamePadding.MaxPool(x, (3, 3, 3), (2, 2, 2));   // MaxPool3d_4a_3x3
            if (name == "Mixed_4f") x = SamePadding.MaxPool(x, (2, 2, 2), (2, 2, 2));   // MaxPool3d_5a_2x2
        }
        // x: [B, T', 1024, 7, 7] for 224² inputs. AvgPool3d([2, 7, 7], stride 1), no padding.
        var (b, t, c, h, w) = (x.Shape[0], x.Shape[1], x.Shape[2], x.Shape[3], x.Shape[4]);
        if (t < 2 || h < 7 || w < 7)
            throw new Pv3dException($"I3D input too small: the last block has {t} frames of {h}x{w}; FVD needs at least 9 frames of 224x224 after preprocessing");
        var pooled = Functional.AvgPool2d(x.Reshape(b * t, c, h, w), new Pair2d(7, 7), new Pair2d(1, 1));
        pooled = pooled.View(b, t, c, pooled.Shape[2], pooled.Shape[3]);
        pooled = (pooled.Narrow(1, 0, t - 1) + pooled.Narrow(1, 1, t - 1)) * 0.5;   // temporal window of 2
        var logits = Unit("logits").Forward(pooled);                  // [B, T'-1, 400, h', w']
        if (logits.Shape[3] != 1 || logits.Shape[4] != 1)
            throw new Pv3dException($"I3D expects 224x224 frames; got a {h}x{w} last block (use the official preprocessing)");
        return logits.Flatten(2).Mean(1);
    }
}
