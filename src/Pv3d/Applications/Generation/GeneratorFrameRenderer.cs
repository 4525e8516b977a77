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

    /// <param name="renderingResolution">Neural rendering resolution; null keeps the generator's (the checkpoint's training value).</param>
    public GeneratorFrameRenderer(TriPlaneGenerator generator, long? renderingResolution = null)
    {
        if (renderingResolution is < 1) throw Pv3dException.ForSettings($"RenderingResolution must be positive, got {renderingResolution}", "RenderingResolution");
        _generator = generator;
        RenderingResolution = renderingResolution ?? generator.NeuralRenderingResolution;
        Device = generator.Parameters().FirstOrDefault()?.Device ?? Device.CPU;
    }

    public int ZDim => (int)_generator.ZDim;
    public int MotionDim => (int)_generator.MotionDim;

    /// <summary>The neural rendering resolution every frame is rendered at.</summary>
    public long RenderingResolution { get; }
    public Device Device { get; }

    public Tensor Map(Tensor z, Tensor mappingCamera, double truncationPsi = 1, int? truncationCutoff = null) =>
        _generator.Mapping(z, mappingCamera, truncationPsi, truncationCutoff);

    public RenderedFrames Render(Tensor ws, Tensor zMotion, Tensor t, Tensor cameras)
    {
        var output = _generator.Synthesis(ws, zMotion, t, cameras, RenderingResolution, NoiseMode.Const, SamplingMode.Deterministic);
        return new RenderedFrames(output.Image, output.ImageDepth);
    }
}
