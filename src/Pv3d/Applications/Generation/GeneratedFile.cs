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

/// <summary>What <see cref="VideoGenerator"/> is doing for the current seed.</summary>
public enum GenerationStage
{
    /// <summary>Rendering the video along the camera path.</summary>
    Video,

    /// <summary>Rendering one row of the multi-view grid (<see cref="GenerationProgress.GridYawDegrees"/>).</summary>
    Grid,

    /// <summary>Writing the seed's files.</summary>
    Writing,
}

/// <summary>
/// Progress of <see cref="VideoGenerator.Generate"/>: frames rendered so far for the current video, and the stage
/// (with the grid row's yaw while rendering the grid).
/// </summary>
public sealed record GenerationProgress(long Seed, int VideoIndex, int VideoCount, int FramesDone, int FramesTotal, GenerationStage Stage,
    double? GridYawDegrees = null)
{
    /// <summary>The stage in words: "video", "grid yaw +30", "writing".</summary>
    public string Describe() => Stage switch
    {
        GenerationStage.Grid => FormattableString.Invariant($"grid yaw {GridYawDegrees ?? 0:+0;-0;0}"),
        GenerationStage.Writing => "writing",
        _ => "video",
    };
}
