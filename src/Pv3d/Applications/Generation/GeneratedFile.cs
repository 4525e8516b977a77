namespace Pv3d.Applications.Generation;

/// <summary>The kinds of file made per seed.</summary>
public enum GeneratedKind
{
    VideoMp4,
    VideoGif,
    GridPng,
    GridMp4,
    DepthMp4,
}

/// <summary>A file written by <see cref="VideoGenerator"/>.</summary>
public sealed record GeneratedFile(long Seed, GeneratedKind Kind, string Path, int Width, int Height, int Frames);

/// <summary>Progress of <see cref="VideoGenerator.Generate"/>: frames rendered so far for the current video.</summary>
public sealed record GenerationProgress(long Seed, int VideoIndex, int VideoCount, int FramesDone, int FramesTotal, string Stage);
