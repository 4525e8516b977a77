using Pv3d.Applications.Generation;
using Pv3d.Applications.Inversion;
using Pv3d.Networks;

namespace Pv3d.Applications.Animation;

/// <summary>
/// <c>pv3d animate</c> (paper §4.4, "animate static portraits"): the inverted appearance code with one random motion code
/// per motion seed, written exactly as <c>pv3d generate</c> writes a seed (<c>seedNNNN.mp4</c>/<c>.gif</c>, the multi-view
/// grid <c>_grid.png</c>/<c>_grid.mp4</c>, the depth video <c>_depth.mp4</c>), NNNN being the motion seed. The codes come
/// from <see cref="StillInversion"/> or an earlier <c>latents.npz</c>.
/// </summary>
public static class PortraitAnimation
{
    public static IReadOnlyList<GeneratedFile> Run(TriPlaneGenerator generator, Latents appearance, IReadOnlyList<long> motionSeeds,
        VideoGenerationOptions options, string outputDirectory, IProgress<GenerationProgress>? progress = null, CancellationToken cancellation = default)
    {
        var renderer = new FixedAppearanceRenderer(new GeneratorFrameRenderer(generator), appearance.Ws);
        var generator2 = new VideoGenerator(renderer, options with { FixAppearance = false, FixMotion = false, TruncationPsi = 1 });
        return generator2.Generate(motionSeeds, outputDirectory, progress, cancellation);
    }
}
