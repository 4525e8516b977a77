using System.Globalization;
using Pv3d.Data;
using Pv3d.Faces.Alignment;
using Pv3d.Faces;
using Pv3d.Faces.Camera;
using Pv3d.Faces.Detection;
using Pv3d.Rendering.Cameras;
using Pv3d.Torch;
using Pv3d.Video;

namespace Pv3d.Applications.DatasetPreparation;

public readonly record struct DatasetPrepareProgress(int Video, int Videos, string Name, int Frame, int Frames);

/// <summary>What happened to one video: kept (written), dropped by verification, failed (unreadable, no face...), or already done.</summary>
public sealed record PreparedVideo(string Source, string Name, string Outcome, string Detail);

public sealed record DatasetPrepareSummary(string Root, IReadOnlyList<PreparedVideo> Videos, IReadOnlyList<string> ListEntries, TimeSpan Elapsed)
{
    public int Kept => Videos.Count(v => v.Outcome is "kept" or "done before");
    public int Dropped => Videos.Count(v => v.Outcome == "dropped");
    public int Failed => Videos.Count(v => v.Outcome == "failed");
    public bool Interrupted => Videos.Any(v => v.Outcome == "interrupted");
}

/// <summary>
/// Raw talking-head videos to a dataset in the official layout (<c>voxceleb.list</c>, <c>recrop_faces/NAME.mp4</c>,
/// <c>smoothed_camera2world/NAME.json</c>), following the paper's pipeline (Appendix A.3) with face-api's nets:
/// per video, the face is detected (SSD, the largest; again every <see cref="DatasetPrepareOptions.DetectEvery"/>
/// frames) and tracked by its 68 landmarks in between; the landmarks are Gaussian-smoothed over time; every frame
/// is aligned (<see cref="FaceAligner"/>); a camera is estimated per frame (<see cref="HeadPoseCamera"/>, with the pitch
/// correction <see cref="DatasetPrepareOptions.PitchOffset"/>) and the
/// rotations smoothed over time; then verification: the clip is dropped when fewer than
/// <see cref="DatasetPrepareOptions.MinMatchingFraction"/> of its frames have a 128-d descriptor within
/// <see cref="DatasetPrepareOptions.IdentityThreshold"/> of the clip's mean (the paper uses ArcFace at τ 0.5).
/// With <see cref="DatasetPrepareOptions.Landmarks"/> the landmarks are read from files instead of detected and tracked
/// (<see cref="GivenLandmarks"/>). Videos that cannot be read or show no face are reported and skipped. Resumable: a video whose two output files
/// exist is skipped; each file is written under a temporary name and renamed; the list is rewritten at the end
/// from every complete clip in the folder.
/// </summary>
public sealed class DatasetPreparer
{
    private static readonly string[] VideoExtensions = { ".mp4", ".mov", ".mkv", ".avi", ".webm", ".m4v" };
    private readonly FaceAnalyzer _analyzer;

    public DatasetPreparer(FaceAnalyzer analyzer) => _analyzer = analyzer;

    /// <summary>The video paths of a folder (sorted) or a list file (in order, relative to the list's folder).</summary>
    public static IReadOnlyList<string> ListVideos(string videos)
    {
        if (Directory.Exists(videos))
            return Directory.EnumerateFiles(videos).Where(f => VideoExtensions.Contains(Path.GetExtension(f).ToLowerInvariant()))
                .OrderBy(f => f, StringComparer.Ordinal).ToList();
        if (!File.Exists(videos)) throw new Pv3dException($"{videos}: no such video folder or list file");
        var dir = Path.GetDirectoryName(Path.GetFullPath(videos))!;
        return File.ReadAllLines(videos).Select(l => l.Trim()).Where(l => l.Length > 0 && !l.StartsWith('#'))
            .Select(l => Path.IsPathRooted(l) ? l : Path.Combine(dir, l)).ToList();
    }

    public DatasetPrepareSummary Run(DatasetPrepareOptions options, IProgress<DatasetPrepareProgress>? progress = null,
        Action<string>? log = null, CancellationToken cancel = default)
    {
        options.Validate();
        var started = DateTime.UtcNow;
        var layout = new DatasetLayout(options.OutputDir);
        layout.CreateFolders();
        var sources = ListVideos(options.Videos);
        if (sources.Count == 0) throw new Pv3dException($"{options.Videos}: no videos found");
        var results = new List<PreparedVideo>();
        var used = new HashSet<string>(StringComparer.Ordinal);
        for (var v = 0; v < sources.Count && !cancel.IsCancellationRequested; v++)
        {
            var source = sources[v];
            var name = UniqueName(Path.GetFileNameWithoutExtension(source), used);
            var entry = DatasetLayout.EntryFor(name);
            if (File.Exists(layout.VideoPath(entry)) && File.Exists(layout.CameraPath(entry)))
            {
                results.Add(new PreparedVideo(source, name, "done before", "skipped: output exists"));
                continue;
            }
            PreparedVideo result;
            try
            {
                result = PrepareVideo(source, name, layout, options, p => progress?.Report(new DatasetPrepareProgress(v, sources.Count, name, p.Frame, p.Frames)), cancel);
            }
            catch (Pv3dException e)
            {
                result = new PreparedVideo(source, name, "failed", e.Message);
            }
            catch (OperationCanceledException)
            {
                // Ctrl-C: this video is left unwritten; finished ones stay and the list below covers them.
                results.Add(new PreparedVideo(source, name, "interrupted", "not finished"));
                break;
            }
            if (result.Outcome != "kept") log?.Invoke($"{name}: {result.Outcome}: {result.Detail}");
            results.Add(result);
        }
        var entries = Directory.Exists(layout.VideoFolder)
            ? Directory.EnumerateFiles(layout.VideoFolder, "*" + DatasetLayout.VideoExtension)
                .Select(Path.GetFileName).OfType<string>()
                .Where(e => File.Exists(layout.CameraPath(e))).OrderBy(e => e, StringComparer.Ordinal).ToList()
            : new List<string>();
        if (entries.Count > 0) layout.WriteList(entries);
        return new DatasetPrepareSummary(layout.Root, results, entries, DateTime.UtcNow - started);
    }

    private static string UniqueName(string stem, HashSet<string> used)
    {
        var clean = new string(stem.Select(c => char.IsLetterOrDigit(c) || c is '_' or '-' or '.' ? c : '_').ToArray());
        if (clean.Length == 0) clean = "video";
        var name = clean;
        for (var i = 1; !used.Add(name); i++) name = $"{clean}_{i}";
        return name;
    }

    /// <summary>One video through the whole pipeline; throws <see cref="Pv3dException"/> for unusable input.</summary>
    public PreparedVideo PrepareVideo(string source, string name, DatasetLayout layout, DatasetPrepareOptions options,
        Action<(int Frame, int Frames)>? progress = null, CancellationToken cancel = default)
    {
        var frames = ReadFrames(source, options.Fps);
        if (frames.Count < options.MinFrames)
            return new PreparedVideo(source, name, "dropped", $"only {frames.Count} frames (at least {options.MinFrames})");
        var notes = new List<string>();
        var raw = options.Landmarks is null
            ? TrackLandmarks(frames, source, options, notes, progress, cancel)
            : GivenLandmarks.Load(GivenLandmarks.PathFor(options.Landmarks, source), frames.Count, frames.Width, frames.Height);

        var smooth = TemporalSmoothing.Smooth(raw, options.LandmarkSigma);
        var aligned = new RgbFrames(frames.Count, options.Size, options.Size);
        var rotations = new double[frames.Count][,];
        var descriptors = new float[frames.Count][];
        for (var t = 0; t < frames.Count; t++)
        {
            cancel.ThrowIfCancellationRequested();
            using var scope = TensorScope.Enter();
            var image = FaceImage.FromFrames(frames, t);
            using var face = FaceAligner.Align(image, smooth[t], options.Size);
            FaceImage.ToFrames(face.Image).Frame(0).CopyTo(aligned.Frame(t));
            var estimate = HeadPoseCamera.Estimate(face.Landmarks, options.Size, pitchOffsetDegrees: options.PitchOffset);
            var r = new double[3, 3];
            for (var i = 0; i < 3; i++) for (var j = 0; j < 3; j++) r[i, j] = estimate.Camera.Pose(i, j);
            rotations[t] = r;
            descriptors[t] = _analyzer.Describe(image, raw[t]) ?? new float[128];
            progress?.Invoke((frames.Count + t + 1, frames.Count * 2));
        }

        var (passed, detail) = Verify(descriptors, options);
        if (notes.Count > 0) detail += "; " + string.Join("; ", notes);
        if (!passed) return new PreparedVideo(source, name, "dropped", $"identity check failed: {detail}");

        var cameras = TemporalSmoothing.SmoothRotations(rotations, options.CameraSigma)
            .Select((r, t) => new NamedCamera(ClipCameras.FrameName(t), HeadPoseCamera.FromRotation(r))).ToList();
        var entry = DatasetLayout.EntryFor(name);
        var videoPath = layout.VideoPath(entry);
        var cameraPath = layout.CameraPath(entry);
        var fps = options.Fps > 0 ? options.Fps : VideoWriter.DefaultFps;
        var tmpVideo = videoPath + ".tmp.mp4";
        VideoWriter.WriteMp4(tmpVideo, aligned, fps);
        var tmpCamera = cameraPath + ".tmp";
        File.WriteAllBytes(tmpCamera, Pv3d.Rendering.Cameras.CameraFile.ToJson(cameras));
        File.Move(tmpCamera, cameraPath, overwrite: true);
        File.Move(tmpVideo, videoPath, overwrite: true);
        return new PreparedVideo(source, name, "kept", detail);
    }

    /// <summary>
    /// The 68 landmarks of every frame (pixels of the frame): the detector on the first frame and every
    /// <see cref="DatasetPrepareOptions.DetectEvery"/> frames, the landmark net on a box that follows the landmarks in between.
    /// </summary>
    private double[][,] TrackLandmarks(RgbFrames frames, string source, DatasetPrepareOptions options, List<string> notes,
        Action<(int Frame, int Frames)>? progress, CancellationToken cancel)
    {
        var raw = new double[frames.Count][,];
        FaceBox? box = null;
        (double L, double T, double R, double B)? boxFromLandmarks = null;
        for (var t = 0; t < frames.Count; t++)
        {
            cancel.ThrowIfCancellationRequested();
            using var scope = TensorScope.Enter();
            var image = FaceImage.FromFrames(frames, t);
            if (t % options.DetectEvery == 0 || box is null)
            {
                var faces = _analyzer.Detector.LocateFaces(image, _analyzer.MinConfidence);
                if (faces.Count > 0)
                {
                    box = faces.OrderByDescending(f => f.Area).First();
                    if (faces.Count > 1 && notes.Count == 0) notes.Add($"{faces.Count} faces at frame {t}; tracking the largest");
                    boxFromLandmarks = null;
                }
                else if (box is null) throw new Pv3dException($"{source}: no face found in frame {t}");
            }
            var crop = FaceAnalyzer.Crop(image, box!) ?? throw new Pv3dException($"{source}: the face left the frame at frame {t}");
            var lm = _analyzer.LandmarkNet.DetectLandmarks(crop);
            for (var i = 0; i < 68; i++) { lm[i, 0] += box!.X; lm[i, 1] += box.Y; }
            raw[t] = lm;
            // Track: the next frame's box keeps the detector box's placement relative to the landmarks' bounding box.
            var (minX, minY, maxX, maxY) = Bounds(lm);
            double w = maxX - minX, h = maxY - minY;
            boxFromLandmarks ??= ((box!.X - minX) / w, (box.Y - minY) / h, (box.Right - maxX) / w, (box.Bottom - maxY) / h);
            var rel = boxFromLandmarks.Value;
            box = new FaceBox(minX + rel.L * w, minY + rel.T * h, w * (1 + rel.R - rel.L), h * (1 + rel.B - rel.T), box!.Score);
            progress?.Invoke((t + 1, frames.Count * 2));
        }
        return raw;
    }

    /// <summary>
    /// Verification: the Euclidean distance of each frame's descriptor to the clip's mean; the clip passes when at
    /// least <see cref="DatasetPrepareOptions.MinMatchingFraction"/> of the frames are within the threshold.
    /// </summary>
    public static (bool Passed, string Detail) Verify(IReadOnlyList<float[]> descriptors, DatasetPrepareOptions options)
    {
        var length = descriptors[0].Length;
        var mean = new double[length];
        foreach (var d in descriptors) for (var i = 0; i < length; i++) mean[i] += d[i] / descriptors.Count;
        var distances = descriptors.Select(d => Math.Sqrt(d.Select((v, i) => (v - mean[i]) * (v - mean[i])).Sum())).ToArray();
        var matching = distances.Count(x => x <= options.IdentityThreshold);
        var detail = $"{descriptors.Count} frames, {matching} within identity distance {options.IdentityThreshold.ToString(CultureInfo.InvariantCulture)} " +
                     $"of the clip's mean (largest {distances.Max():0.000})";
        return ((double)matching / descriptors.Count >= options.MinMatchingFraction, detail);
    }

    private static (double MinX, double MinY, double MaxX, double MaxY) Bounds(double[,] lm)
    {
        double minX = double.MaxValue, minY = double.MaxValue, maxX = double.MinValue, maxY = double.MinValue;
        for (var i = 0; i < lm.GetLength(0); i++)
        {
            minX = Math.Min(minX, lm[i, 0]); maxX = Math.Max(maxX, lm[i, 0]);
            minY = Math.Min(minY, lm[i, 1]); maxY = Math.Max(maxY, lm[i, 1]);
        }
        return (minX, minY, maxX, maxY);
    }

    /// <summary>All frames of a video as rgb24, resampled to <paramref name="fps"/> (0: as stored).</summary>
    public static RgbFrames ReadFrames(string path, double fps)
    {
        if (!File.Exists(path)) throw new Pv3dException($"{path}: no such video file");
        if (fps <= 0) return VideoReader.Read(path);
        var probe = System.Text.Encoding.UTF8.GetString(FfmpegProcess.Run(FfmpegProcess.Ffprobe, new[]
        {
            "-v", "error", "-select_streams", "v:0", "-show_entries", "stream=width,height", "-of", "csv=p=0", path,
        }, path)).Trim().Split(',');
        if (probe.Length < 2 || !int.TryParse(probe[0], out var w) || !int.TryParse(probe[1], out var h))
            throw new Pv3dException($"{path}: not a readable video");
        var data = FfmpegProcess.Run(FfmpegProcess.Ffmpeg, new[]
        {
            "-hide_banner", "-nostdin", "-loglevel", "error", "-i", path, "-map", "0:v:0",
            "-vf", "fps=" + fps.ToString(CultureInfo.InvariantCulture), "-f", "rawvideo", "-pix_fmt", "rgb24", "pipe:1",
        }, path);
        var frameBytes = (long)w * h * 3;
        if (data.Length == 0 || data.Length % frameBytes != 0)
            throw new Pv3dException($"{path}: decoded {data.Length} bytes, not whole {w}x{h} frames");
        return new RgbFrames((int)(data.Length / frameBytes), h, w, data);
    }
}
