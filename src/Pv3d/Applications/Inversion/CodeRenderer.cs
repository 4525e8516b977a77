using Pv3d.Networks;
using Pv3d.Rendering;
using Pv3d.Torch;
using Pv3d.Video;

namespace Pv3d.Applications.Inversion;

/// <summary>
/// Renders frames from found codes (rather than from seeds, which <c>Generation.VideoGenerator</c> does): one appearance
/// code ws [1, num_ws, w_dim] and per frame a motion code (z_motion [1, D] shared, or z_m+ [F, K, D] per frame), a time
/// and a rendering camera. Const noise and deterministic ray sampling, as every pv3d output, in batches with flat memory.
/// </summary>
public sealed class CodeRenderer
{
    private readonly TriPlaneGenerator _generator;

    public CodeRenderer(TriPlaneGenerator generator, int batchSize = 1)
    {
        if (batchSize < 1) throw new Pv3dException($"the batch size must be at least 1, got {batchSize}");
        _generator = generator;
        BatchSize = batchSize;
    }

    public int BatchSize { get; }

    /// <summary>
    /// Frames for <paramref name="cameras"/> [F, 25] at times <paramref name="times"/> [F] with motion <paramref name="motion"/>
    /// ([1, D] for all frames or [F, K, D] per frame): images [F, 3, H, W] in [−1, 1] and depth [F, 1, R, R] (CPU, caller's scope).
    /// </summary>
    public (Tensor Images, Tensor Depth) Render(Tensor ws, Tensor motion, Tensor times, Tensor cameras, Action<int>? advance = null,
        CancellationToken cancellation = default)
    {
        var frames = cameras.Size(0);
        var images = new List<Tensor>();
        var depths = new List<Tensor>();
        using var noGrad = Autograd.NoGrad();
        for (long start = 0; start < frames; start += BatchSize)
        {
            cancellation.ThrowIfCancellationRequested();
            var b = Math.Min(BatchSize, frames - start);
            using (var scope = TensorScope.Enter())
            {
                var frameMotion = motion.Dim == 3 ? motion.Narrow(0, start, b) : motion.Expand(b, motion.Size(1));
                var output = _generator.Synthesis(ws.Expand(b, ws.Size(1), ws.Size(2)), frameMotion, times.Narrow(0, start, b).Reshape(b, 1),
                    cameras.Narrow(0, start, b), noiseMode: NoiseMode.Const, samplingMode: SamplingMode.Deterministic);
                images.Add(output.Image.Detach().Cpu().MoveToOuterScope());
                depths.Add(output.ImageDepth.Detach().Cpu().MoveToOuterScope());
            }
            advance?.Invoke((int)b);
        }
        var result = (Tensor.Cat(images.ToArray(), 0), Tensor.Cat(depths.ToArray(), 0));
        foreach (var t in images.Concat(depths)) t.Dispose();
        return result;
    }

    /// <summary>Like <see cref="Render"/>, as 8-bit frames.</summary>
    public RgbFrames RenderFrames(Tensor ws, Tensor motion, Tensor times, Tensor cameras, Action<int>? advance = null,
        CancellationToken cancellation = default)
    {
        using var scope = TensorScope.Enter();
        return FrameConversion.ImagesToFrames(Render(ws, motion, times, cameras, advance, cancellation).Images);
    }
}
