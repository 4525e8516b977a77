using Pv3d.Faces.Camera;

namespace Pv3d.Applications.DatasetPreparation;

/// <summary>Settings of <see cref="DatasetPreparer"/> (<c>pv3d dataset prepare</c>).</summary>
public sealed record DatasetPrepareOptions
{
    /// <summary>A folder of videos (mp4, mov, mkv, avi, webm) or a text file listing video paths, one per line.</summary>
    public required string Videos { get; init; }

    /// <summary>The dataset folder to write (official layout).</summary>
    public required string OutputDir { get; init; }

    /// <summary>
    /// Optional: a folder of given landmarks, <c>STEM.json</c> for the video <c>STEM.mp4</c> (any extension): a JSON array
    /// with one entry per sampled frame (after <see cref="Fps"/>), each 68 [x, y] pixel positions in the video's frame
    /// (iBUG-68 order, as face-api's landmark net gives them). When set, detection and tracking are skipped and these
    /// landmarks are used; smoothing, alignment, cameras and verification run as usual. For landmarks from another tool,
    /// and for faces face-api's detector does not find (the synthetic heads' round trip in the tests).
    /// </summary>
    public string? Landmarks { get; init; }

    /// <summary>
    /// Degrees added to the estimated cameras' pitch (<see cref="HeadPoseCamera.HumanPitchOffsetDegrees"/>, the
    /// correction for human faces, by default; 0 for faces shaped like the mean face, such as the synthetic heads).
    /// </summary>
    public double PitchOffset { get; init; } = HeadPoseCamera.HumanPitchOffsetDegrees;

    /// <summary>Side of the aligned frames in pixels.</summary>
    public int Size { get; init; } = 512;

    /// <summary>Frames per second to sample the videos at (ffmpeg's fps filter); 0 keeps every frame.</summary>
    public double Fps { get; init; } = 25;

    /// <summary>σ in frames of the Gaussian over time for the landmarks.</summary>
    public double LandmarkSigma { get; init; } = 1.5;

    /// <summary>σ in frames of the Gaussian over time for the camera rotations.</summary>
    public double CameraSigma { get; init; } = 2;

    /// <summary>
    /// Verification: a frame matches the clip's identity when the Euclidean distance of its 128-d descriptor to the
    /// clip's mean descriptor is at most this (face-api's same-person threshold is 0.6 between two faces; the mean of
    /// a clip is closer to each of its frames, so 0.5 is a little stricter).
    /// </summary>
    public double IdentityThreshold { get; init; } = 0.5;

    /// <summary>A clip is kept when at least this fraction of its frames pass verification.</summary>
    public double MinMatchingFraction { get; init; } = 0.8;

    /// <summary>Clips with fewer frames than this are dropped.</summary>
    public int MinFrames { get; init; } = 8;

    /// <summary>The detector runs on the first frame and every this many frames; between them the face is tracked by its landmarks.</summary>
    public int DetectEvery { get; init; } = 25;

    public void Validate()
    {
        if (Size < 16) throw new Pv3dException($"aligned frame size must be at least 16, got {Size}");
        if (Fps < 0) throw new Pv3dException($"fps must not be negative, got {Fps}");
        if (LandmarkSigma < 0 || CameraSigma < 0) throw new Pv3dException("smoothing sigmas must not be negative");
        if (MinFrames < 2) throw new Pv3dException($"the minimum number of frames must be at least 2, got {MinFrames}");
        if (!double.IsFinite(PitchOffset) || Math.Abs(PitchOffset) > 45)
            throw Pv3dException.ForSettings($"{nameof(PitchOffset)} must be a finite angle within ±45 degrees, got {PitchOffset}", nameof(PitchOffset));
        if (DetectEvery < 1) throw new Pv3dException($"detect-every must be at least 1, got {DetectEvery}");
        if (!Directory.Exists(Videos) && !File.Exists(Videos)) throw new Pv3dException($"{Videos}: no such video folder or list file");
        if (Landmarks is not null && !Directory.Exists(Landmarks))
            throw Pv3dException.ForSettings($"{Landmarks}: no such folder (the setting {nameof(Landmarks)}: one STEM.json of landmarks per video)", nameof(Landmarks));
    }
}
