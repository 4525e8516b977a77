using Pv3d.Rendering.Cameras;
using Pv3d.Torch;
using Pv3d.Video;

namespace Pv3d.Applications.Inversion;

/// <summary>
/// Images and videos to invert, as tensors [F, 3, R, R] in [−1, 1] at the model's image resolution R (resized bilinearly
/// with antialiasing), and their cameras. Portraits must be square crops (the model's framing); the camera file follows
/// the official dataset layout (one <c>[frame_name, [25 numbers]]</c> per frame).
/// </summary>
public static class TargetFrames
{
    /// <summary>The first frame of <paramref name="path"/> (any image ffmpeg reads) → [1, 3, R, R].</summary>
    public static Tensor LoadImage(string path, long resolution)
    {
        var frames = Read(path);
        return ToTensor(frames.Select(new[] { 0 }), path, resolution);
    }

    /// <summary>Every frame of a video → [F, 3, R, R]; a video needs at least two frames (time runs over t = i / (F − 1)).</summary>
    public static Tensor LoadVideo(string path, long resolution)
    {
        var frames = Read(path);
        if (frames.Count < 2) throw new Pv3dException($"{path}: has {frames.Count} frame; a video to reconstruct needs at least 2 (invert a still with pv3d invert)");
        return ToTensor(frames, path, resolution);
    }

    /// <summary>
    /// The cameras of <paramref name="path"/> as [F, 25], exactly <paramref name="frames"/> of them; null gives the canonical
    /// frontal camera for every frame.
    /// </summary>
    public static Tensor LoadCameras(string? path, int frames)
    {
        if (path is null) return Camera.ToTensor(Enumerable.Repeat(Camera.Canonical, frames).ToArray());
        var cameras = CameraFile.Load(path);
        if (cameras.Count != frames)
            throw new Pv3dException($"{path}: has {cameras.Count} camera{(cameras.Count == 1 ? "" : "s")} but the input has {frames} frame{(frames == 1 ? "" : "s")}; give one camera per frame");
        return Camera.ToTensor(cameras.Select(c => c.Camera).ToArray());
    }

    private static RgbFrames Read(string path)
    {
        if (!File.Exists(path)) throw new Pv3dException($"{path}: no such file");
        var frames = VideoReader.Read(path);
        if (frames.Width != frames.Height)
            throw new Pv3dException($"{path}: is {frames.Width}x{frames.Height}; the model needs square portraits (crop to the face first)");
        return frames;
    }

    private static Tensor ToTensor(RgbFrames frames, string path, long resolution)
    {
        using var scope = TensorScope.Enter();
        var x = frames.ToTensor(asFloat: true) * 2 - 1; // [F, 3, H, W]
        if (frames.Height != resolution)
            x = Functional.Interpolate(x, new Pair2d(resolution, resolution), InterpolateMode.Bilinear, antialias: frames.Height > resolution);
        return x.Clamp(-1, 1).Contiguous().MoveToOuterScope();
    }
}
