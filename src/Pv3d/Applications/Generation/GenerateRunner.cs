using Pv3d.Checkpoints;

namespace Pv3d.Applications.Generation;

/// <summary>What a generate run wrote, for the command's summary.</summary>
/// <param name="FramesRendered">Frames rendered over all seeds (video and grid rows).</param>
/// <param name="RenderingResolution">The neural rendering resolution every frame was rendered at.</param>
public sealed record GenerateSummary(IReadOnlyList<GeneratedFile> Files, long FramesRendered, long RenderingResolution);

/// <summary>
/// <c>pv3d generate</c>: loads a generator checkpoint and writes every seed's video, GIF, multi-view grid and depth
/// video (<see cref="VideoGenerator"/> over a <see cref="GeneratorFrameRenderer"/>).
/// </summary>
public static class GenerateRunner
{
    public static GenerateSummary Run(GenerateOptions options, IProgress<GenerationProgress>? progress = null,
        CancellationToken cancellation = default)
    {
        options.Video.Validate();
        using var loaded = CheckpointLoader.LoadGenerator(options.CheckpointPath, options.Network, options.ConfigPath);
        var renderer = new GeneratorFrameRenderer(loaded.Generator, options.RenderingResolution);
        var framesPerVideo = new long[options.Seeds.Count];
        var files = new VideoGenerator(renderer, options.Video).Generate(options.Seeds, options.OutputDir, new Counting(p =>
        {
            if (p.Stage != GenerationStage.Writing) framesPerVideo[p.VideoIndex] = p.FramesTotal;
            progress?.Report(p);
        }), cancellation);
        return new GenerateSummary(files, framesPerVideo.Sum(), renderer.RenderingResolution);
    }

    private sealed class Counting(Action<GenerationProgress> report) : IProgress<GenerationProgress>
    {
        public void Report(GenerationProgress value) => report(value);
    }
}
