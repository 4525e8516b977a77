using Pv3d.Rendering.Cameras;
using Pv3d.Video;

namespace Pv3d.Applications.Generation;

/// <summary>How <see cref="VideoGenerator"/> makes each seed's videos.</summary>
public sealed record VideoGenerationOptions
{
    /// <summary>Frames per video; time runs over t = linspace(0, <see cref="TimeEnd"/>, Frames).</summary>
    public int Frames { get; init; } = 16;

    /// <summary>Last time value (1 = the span of a training clip, as in the official scripts).</summary>
    public double TimeEnd { get; init; } = 1;

    public ICameraTrajectory Trajectory { get; init; } = new FrontalTrajectory();

    /// <summary>
    /// The camera the mapping network is conditioned on, shared by every frame of a video so that ws is computed
    /// once (the paper's inference strategy). The official evaluation uses the canonical camera.
    /// </summary>
    public Camera MappingCamera { get; init; } = Camera.Canonical;

    public double TruncationPsi { get; init; } = 1;
    public int? TruncationCutoff { get; init; }

    /// <summary>Every seed uses the motion code of the first seed.</summary>
    public bool FixMotion { get; init; }

    /// <summary>Every seed uses the appearance code of the first seed.</summary>
    public bool FixAppearance { get; init; }

    /// <summary>Frames rendered per generator call.</summary>
    public int BatchSize { get; init; } = 1;

    public double Fps { get; init; } = VideoWriter.DefaultFps;

    /// <summary>Yaw of each multi-view grid row, in degrees (an empty list skips the grid).</summary>
    public IReadOnlyList<double> GridYawDegrees { get; init; } = new[] { -30.0, 0, 30 };

    /// <summary>Time columns of the multi-view grid image (frames evenly spaced over the video).</summary>
    public int GridColumns { get; init; } = 8;

    public DepthColorMap DepthColorMap { get; init; } = DepthColorMap.Grayscale;

    /// <summary>The highest frame rate accepted (encoders reject absurd rates only after rendering everything).</summary>
    public const double MaxFps = 1000;

    public void Validate()
    {
        if (Frames < 1) throw Pv3dException.ForSettings($"{nameof(Frames)} must be at least 1, got {Frames}", nameof(Frames));
        if (BatchSize < 1) throw Pv3dException.ForSettings($"{nameof(BatchSize)} must be at least 1, got {BatchSize}", nameof(BatchSize));
        if (!(Fps > 0 && Fps <= MaxFps)) throw Pv3dException.ForSettings($"{nameof(Fps)} must be within 0..{MaxFps}, got {Fps}", nameof(Fps));
        if (!double.IsFinite(TruncationPsi))
            throw Pv3dException.ForSettings($"{nameof(TruncationPsi)} must be a number, got {TruncationPsi}", nameof(TruncationPsi));
        if (TruncationCutoff is < 0)
            throw Pv3dException.ForSettings($"{nameof(TruncationCutoff)} cannot be negative, got {TruncationCutoff}", nameof(TruncationCutoff));
        // Every camera is rendered: a degenerate one (an all-zero matrix from a file) would give a black video.
        var cameras = Trajectory.Cameras(Frames);
        for (var i = 0; i < cameras.Count; i++)
            CameraCheck.RequireValid(cameras[i].Values.ToArray(), 0, $"camera path {Trajectory.Name}, frame {i}");
        if (GridColumns < 1) throw Pv3dException.ForSettings($"{nameof(GridColumns)} must be at least 1, got {GridColumns}", nameof(GridColumns));
    }
}
