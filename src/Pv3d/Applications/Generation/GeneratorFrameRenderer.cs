using Pv3d.Networks;
using Pv3d.Rendering;
using Pv3d.Torch;

namespace Pv3d.Applications.Generation;

/// <summary>
/// Video frames from a <see cref="TriPlaneGenerator"/>: const noise buffers and deterministic ray sampling, so that
/// the same codes and cameras always give the same frames; depth is the generator's expected depth image.
/// Planes are synthesised once per batch of times and can be rendered from any number of cameras.
/// </summary>
public sealed class GeneratorFrameRenderer : IFrameRenderer
{
    private readonly TriPlaneGenerator _generator;

    /// <param name="renderingResolution">Neural rendering resolution; null keeps the generator's (the checkpoint's training value).</param>
    public GeneratorFrameRenderer(TriPlaneGenerator generator, long? renderingResolution = null)
    {
        if (renderingResolution is < 1 or > Rendering.RenderingLimits.MaxResolution)
            throw Pv3dException.ForSettings($"RenderingResolution must be within 1..{Rendering.RenderingLimits.MaxResolution}, got {renderingResolution}", "RenderingResolution");
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

    public FramePlanes Planes(Tensor ws, Tensor zMotion, Tensor t) =>
        new(_generator.SynthesizePlanes(ws, zMotion, t, NoiseMode.Const), ws);

    public RenderedFrames Render(FramePlanes planes, Tensor cameras)
    {
        if (cameras.Size(0) != planes.Count)
            throw new ArgumentException($"{cameras.Size(0)} cameras for {planes.Count} frames' planes");
        var output = _generator.RenderPlanes(planes.Planes, planes.Ws, cameras, RenderingResolution, SamplingMode.Deterministic);
        return new RenderedFrames(output.Image, output.ImageDepth);
    }
}
