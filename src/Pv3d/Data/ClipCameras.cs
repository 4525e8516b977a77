using System.Globalization;
using Pv3d.Rendering.Cameras;
using Pv3d.Torch.IO;

namespace Pv3d.Data;

/// <summary>
/// A clip's per-frame cameras as plain float arrays, for the dataset code. The JSON format itself
/// (<c>[[frame_name, [25 numbers]], ...]</c>) is read and written by <see cref="CameraFile"/>;
/// cameras are matched to frames by position and the frame names are not interpreted.
/// </summary>
public static class ClipCameras
{
    public const int CameraLength = Camera.Length;

    /// <summary>The frame name written for frame <paramref name="index"/>.</summary>
    public static string FrameName(int index) => index.ToString("D6", CultureInfo.InvariantCulture) + ".png";

    /// <summary>Reads the cameras, one float[25] per frame.</summary>
    public static float[][] Read(string path) =>
        CameraFile.Load(path).Select(c => c.Camera.Values.ToArray()).ToArray();

    /// <summary>Writes one camera per frame, named by <see cref="FrameName"/>, replacing the file atomically.</summary>
    public static void Write(string path, IReadOnlyList<float[]> cameras)
    {
        var named = cameras.Select((c, i) => new NamedCamera(FrameName(i), new Camera(c))).ToList();
        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(path))!);
        AtomicFile.WriteVia(path, temp => CameraFile.Save(temp, named));
    }
}
