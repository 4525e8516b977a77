using System.Globalization;
using System.Text;
using System.Text.Json;

namespace Pv3d.Data;

/// <summary>
/// A clip's per-frame cameras in the official JSON format: a list with one entry per frame,
/// <c>[frame_name, [25 numbers]]</c> (16 cam2world entries row-major, then 9 normalised intrinsics).
/// Cameras are matched to frames by position; the frame names are not interpreted.
/// </summary>
public static class CameraFile
{
    public const int CameraLength = 25;

    /// <summary>The frame name written for frame <paramref name="index"/>.</summary>
    public static string FrameName(int index) => index.ToString("D6", CultureInfo.InvariantCulture) + ".png";

    /// <summary>Reads the cameras, one float[25] per frame.</summary>
    public static float[][] Read(string path)
    {
        if (!File.Exists(path)) throw new Pv3dException($"{path}: camera file not found");
        JsonDocument doc;
        try { doc = JsonDocument.Parse(File.ReadAllBytes(path)); }
        catch (JsonException e) { throw new Pv3dException($"{path}: not valid JSON ({e.Message})", e); }
        using (doc)
        {
            if (doc.RootElement.ValueKind != JsonValueKind.Array)
                throw new Pv3dException($"{path}: expected a JSON list of [frame_name, [25 numbers]]");
            var cameras = new List<float[]>();
            foreach (var entry in doc.RootElement.EnumerateArray())
            {
                var i = cameras.Count;
                if (entry.ValueKind != JsonValueKind.Array || entry.GetArrayLength() != 2 || entry[1].ValueKind != JsonValueKind.Array)
                    throw new Pv3dException($"{path}: entry {i} is not [frame_name, [25 numbers]]");
                var values = entry[1];
                if (values.GetArrayLength() != CameraLength)
                    throw new Pv3dException($"{path}: entry {i} has {values.GetArrayLength()} camera numbers, expected {CameraLength}");
                var camera = new float[CameraLength];
                var k = 0;
                foreach (var v in values.EnumerateArray())
                {
                    if (v.ValueKind != JsonValueKind.Number) throw new Pv3dException($"{path}: entry {i} holds a non-number camera value");
                    camera[k++] = (float)v.GetDouble();
                }
                cameras.Add(camera);
            }
            if (cameras.Count == 0) throw new Pv3dException($"{path}: the camera list is empty");
            return cameras.ToArray();
        }
    }

    /// <summary>Writes one camera per frame, named by <see cref="FrameName"/>.</summary>
    public static void Write(string path, IReadOnlyList<float[]> cameras)
    {
        var sb = new StringBuilder("[");
        for (var i = 0; i < cameras.Count; i++)
        {
            if (cameras[i].Length != CameraLength)
                throw new ArgumentException($"camera {i} has {cameras[i].Length} numbers, expected {CameraLength}", nameof(cameras));
            if (i > 0) sb.Append(", ");
            sb.Append("[\"").Append(FrameName(i)).Append("\", [");
            sb.AppendJoin(", ", cameras[i].Select(v => v.ToString("R", CultureInfo.InvariantCulture)));
            sb.Append("]]");
        }
        sb.Append(']');
        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(path))!);
        var temp = path + ".tmp";
        File.WriteAllText(temp, sb.ToString());
        File.Move(temp, path, overwrite: true);
    }
}
