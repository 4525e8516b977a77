using Pv3d.Torch;
using Pv3d.Torch.Modules;

namespace Pv3d.Metrics.Identity;

/// <summary>
/// The ArcFace identity network of the official ID metric: <c>Backbone(112, 50, drop_ratio=0.6, mode='ir_se')</c>
/// (<c>lib/utils/identity_distance/arcface/model_irse.py</c>), weights <c>model_ir_se50.pth</c>. Input [N, 3, 112, 112]
/// in [-1, 1] (<see cref="Preprocess"/>); output [N, 512], L2-normalised.
/// State-dict order, as the official constructor assigns them: <c>input_layer</c> (0 conv 3x3, 1 BN, 2 PReLU),
/// <c>output_layer</c> (0 BN2d(512), 1 dropout, 2 flatten, 3 Linear(512*7*7, 512), 4 BN1d(512)), then <c>body.0</c> ..
/// <c>body.23</c> (units of 64, 128, 256, 512 channels: 3, 4, 14, 3, each stage starting with stride 2).
/// </summary>
public sealed class IrSe50 : Module<Tensor, Tensor>
{
    public const int InputSize = 112;
    public const int FeatureSize = 512;

    private static readonly (long In, long Depth, int Units)[] Stages = { (64, 64, 3), (64, 128, 4), (128, 256, 14), (256, 512, 3) };

    public IrSe50()
    {
        RegisterModule("input_layer", new Sequential(new Conv2d(3, 64, 3, stride: 1, padding: 1, bias: false), new FrozenBatchNorm(64), new PRelu(64)));
        RegisterModule("output_layer", new Sequential(
            new FrozenBatchNorm(512), new EvalDropout(), new FlattenBatch(), new Linear(512 * 7 * 7, FeatureSize), new FrozenBatchNorm(FeatureSize)));
        var body = new Sequential();
        foreach (var (input, depth, units) in Stages)
            for (var u = 0; u < units; u++)
                body.Add(new BottleneckIrSe(u == 0 ? input : depth, depth, u == 0 ? 2 : 1));
        RegisterModule("body", body);
    }

    private Sequential Part(string name) => (Sequential)GetModule(name)!;

    /// <param name="x">[N, 3, 112, 112] in [-1, 1]</param>
    /// <returns>[N, 512], unit length</returns>
    public override Tensor Forward(Tensor x)
    {
        var y = Part("output_layer").Forward(Part("body").Forward(Part("input_layer").Forward(x)));
        return y / y.Norm(2, 1, keepDim: true);
    }

    /// <summary>
    /// The official ID script's <c>preprocess</c>: bilinear resize (align_corners=False) of the whole frame to
    /// 112 x 112, then x / 127.5 - 1.
    /// </summary>
    /// <param name="images">[N, 3, H, W] in 0..255</param>
    public static Tensor Preprocess(Tensor images) =>
        Functional.Interpolate(images.To(DType.Float32), new Pair2d(InputSize, InputSize), InterpolateMode.Bilinear, alignCorners: false) / 127.5 - 1.0;
}
