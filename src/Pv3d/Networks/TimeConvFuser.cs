using Pv3d.Torch;
using Pv3d.Torch.Modules;

namespace Pv3d.Networks;

/// <summary>
/// PV3D's motion layer (official TimeConvFuser): the motion code scaled by the frame time goes through
/// an lrelu affine and a two-layer MLP to a motion style, which modulates a <see cref="SynthesisLayer"/>
/// over the appearance feature; its output is added to that feature.
/// Keys: <c>affine.*</c>, <c>motion_mlp.0.*</c>, <c>motion_mlp.1.*</c>, <c>conv.*</c>.
/// </summary>
public sealed class TimeConvFuser : Module
{
    /// <summary>Camera conditioning adds the 16 cam2world entries to the MLP input (unused by PV3D).</summary>
    public const int CameraFeatures = 16;

    /// <summary>
    /// Width of the motion code z_motion: the official synthesis block builds its motion layer with the layer's
    /// default <c>w_dim</c> (512) whatever the generator's <c>w_dim</c>, so every PV3D motion code is this wide.
    /// </summary>
    public const long MotionDim = 512;

    public TimeConvFuser(long resolution, long wDim = MotionDim, long imChannels = 512, bool camCond = false, double? convClamp = null,
        int numFrames = 16)
    {
        Resolution = resolution;
        WDim = wDim;
        ImChannels = imChannels;
        CamCond = camCond;
        NumFrames = numFrames;
        RegisterModule("affine", new FullyConnectedLayer(wDim, wDim, activation: "lrelu"));
        var mlpIn = wDim + (camCond ? CameraFeatures : 0);
        RegisterModule("motion_mlp", new Sequential(
            new FullyConnectedLayer(mlpIn, wDim, activation: "lrelu"),
            new FullyConnectedLayer(wDim, wDim)));
        RegisterModule("conv", new SynthesisLayer(imChannels, imChannels, wDim, resolution, convClamp: convClamp));
    }

    public long Resolution { get; }
    public long WDim { get; }
    public long ImChannels { get; }
    public bool CamCond { get; }
    public int NumFrames { get; }

    public FullyConnectedLayer Affine => GetModule<FullyConnectedLayer>("affine");
    public Sequential MotionMlp => GetModule<Sequential>("motion_mlp");
    public SynthesisLayer Conv => GetModule<SynthesisLayer>("conv");

    /// <summary>
    /// x [N, C, res, res] + motion(z_motion [N, w_dim], t): <paramref name="ts"/> may have any shape with
    /// N elements (row n of z_motion pairs with element n). <paramref name="ws"/> is accepted for the
    /// official signature but unused (PV3D has no ws conditioning here).
    /// </summary>
    public Tensor Forward(Tensor x, Tensor? ws, Tensor zMotion, Tensor ts, Tensor? camera = null,
        NoiseMode noiseMode = NoiseMode.Random, bool fusedModconv = true)
    {
        _ = ws;
        var n = zMotion.Size(0);
        if (ts.NumEl != n)
            throw new ArgumentException($"the time input needs one value per motion code ({n}), got [{string.Join(", ", ts.Shape)}]");

        using var scope = TensorScope.Enter();
        var m = Affine.Forward(zMotion * ts.Reshape(n, 1)).View(n, WDim);
        if (camera != null && CamCond) m = Tensor.Cat([m, camera.Reshape(n, -1)], 1);
        m = MotionMlp.Forward(m.View(n, -1));
        var xMotion = Conv.Forward(x, m, noiseMode, fusedModconv);
        return (x + xMotion).MoveToOuterScope();
    }
}
