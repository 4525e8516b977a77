using Pv3d.Metrics.MultiView;
using Pv3d.Networks;
using Pv3d.Rendering;
using Pv3d.Rendering.Cameras;
using Pv3d.Torch;

namespace Pv3d.Applications.Evaluation;

/// <summary>
/// Renders one video's 4 multi-view frames as <c>generating_multiview_loop</c> does: draws two time indices
/// (randint(0, 16, [2])), z and z_motion (randn) from the global generator — seed it once for a deterministic
/// run — maps z with the canonical camera, and synthesises the 4 frames with const noise and the importance
/// renderer's (official, stochastic) sampling, returning the 8-bit frames and the neural-rendering depth, xyz and
/// weights_total.
/// </summary>
public sealed class MultiViewRenderer
{
    private readonly TriPlaneGenerator _generator;
    private readonly long? _renderingResolution;
    private readonly Camera _side;

    public MultiViewRenderer(TriPlaneGenerator generator, long? renderingResolution = null, Camera? side = null)
    {
        _generator = generator;
        _renderingResolution = renderingResolution;
        _side = side ?? MultiViewProtocol.SideCamera();
    }

    public Camera SideCamera => _side;

    public MultiViewFrames Render()
    {
        using var scope = TensorScope.Enter();
        using var noGrad = Autograd.NoGrad();
        var device = _generator.Parameters().FirstOrDefault()?.Device ?? Device.CPU;
        var indices = Tensor.RandInt(0, MultiViewProtocol.TimeSteps, [2]).ToArray<long>();
        var z = Tensor.Randn(1, _generator.ZDim).To(device);
        var zMotion = Tensor.Randn(1, _generator.MotionDim).To(device);
        const int n = MultiViewProtocol.FrameCount;
        var times = MultiViewProtocol.Frames.Select(f => MultiViewProtocol.TimeOf((int)indices[f.Time])).ToArray();
        var cameras = Camera.ToTensor(Enumerable.Range(0, n).Select(i => MultiViewProtocol.CameraOf(i, _side)).ToList(), device);
        var canonical = Camera.ToTensor(Enumerable.Repeat(Camera.Canonical, n).ToList(), device);
        var ws = _generator.Mapping(z.Repeat(n, 1), canonical);
        var t = Tensor.FromArray(times, n, 1).To(device);
        var output = _generator.Synthesis(ws, zMotion.Repeat(n, 1), t, cameras, _renderingResolution, NoiseMode.Const, SamplingMode.Stochastic, returnDepth: true);
        // image.clamp(-1, 1).add(1).div(2).mul(255).to(uint8): truncation, as the official PNGs
        var images = ((output.Image.Clamp(-1, 1) + 1) / 2 * 255).To(DType.UInt8).Permute(0, 2, 3, 1).Contiguous().Cpu();
        var size = (int)images.Shape[1];
        var r = (int)output.ImageDepth.Shape[^1];
        byte[] Image(int i) => images.Select(0, i).ToArray<byte>();
        float[] Floats(Tensor x, int i) => x.Select(0, i).Contiguous().Cpu().To(DType.Float32).ToArray<float>();
        return new MultiViewFrames(size, r,
            Enumerable.Range(0, n).Select(Image).ToArray(),
            Enumerable.Range(0, n).Select(i => Floats(output.ImageDepth, i)).ToArray(),
            Enumerable.Range(0, n).Select(i => Floats(output.Xyz!, i)).ToArray(),
            Enumerable.Range(0, n).Select(i => Floats(output.WeightTotal!, i)).ToArray());
    }
}
