using Pv3d.Networks;
using Pv3d.Rendering;
using Pv3d.Torch;

namespace Pv3d.Applications.Generation;

/// <summary>
/// Video frames from a <see cref="TriPlaneGenerator"/>: const noise buffers and deterministic ray sampling, so that
/// the same codes and cameras always give the same frames; depth is the generator's expected depth image.
/// </summary>
public sealed class GeneratorFrameRenderer : IFrameRenderer
{
    private readonly TriPlaneGenerator _generator;
    private readonly long? _renderingResolution;

    /// <param name="renderingResolution">Neural rendering resolution; null keeps the generator's (the checkpoint's training value).</param>
    public GeneratorFrameRenderer(TriPlaneGenerator generator, long? renderingResolution = null)
    {
        if (renderingResolution is < 1) throw new Pv3dException($"--rendering-resolution must be positive, got {renderingResolution}");
        _generator = generator;
        _renderingResolution = renderingResolution;
        Device = generator.Parameters().FirstOrDefault()?.Device ?? Device.CPU;
        MotionZDim = (int)(generator.Modules().OfType<TimeConvFuser>().FirstOrDefault()?.WDim ?? 512);
    }

    public int ZDim => (int)_generator.ZDim;
    public int MotionZDim { get; }
    public Device Device { get; }

    public Tensor Map(Tensor z, Tensor mappingCamera, double truncationPsi = 1, int? truncationCutoff = null) =>
        _generator.Mapping(z, mappingCamera, truncationPsi, truncationCutoff);

    public RenderedFrames Render(Tensor ws, Tensor zMotion, Tensor t, Tensor cameras)
    {
        var output = _generator.Synthesis(ws, zMotion, t, cameras, _renderingResolution, NoiseMode.Const, SamplingMode.Deterministic);
        return new RenderedFrames(output.Image, output.ImageDepth);
    }
}
