using System.Text.Json;

namespace Pv3d.Applications.DatasetPreparation;

/// <summary>
/// Landmarks given with the videos (<see cref="DatasetPrepareOptions.Landmarks"/>) instead of found by face-api's nets:
/// the file <c>STEM.json</c> for the video <c>STEM.ext</c> holds a JSON array with one entry per sampled frame, each an
/// array of 68 <c>[x, y]</c> pixel positions (pixel centres at +0.5, iBUG-68 order).
/// </summary>
public static class GivenLandmarks
{
    /// <summary>The landmark file of <paramref name="video"/> in <paramref name="folder"/>.</summary>
    public static string PathFor(string folder, string video) => Path.Combine(folder, Path.GetFileNameWithoutExtension(video) + ".json");

    /// <summary>Reads <paramref name="path"/> as [frames][68, 2], checked against the video's frame count and size.</summary>
    public static double[][,] Load(string path, int frames, int width, int height)
    {
        if (!File.Exists(path)) throw new Pv3dException($"{path}: no landmark file for this video (one STEM.json per video in the landmark folder)");
        JsonElement root;
        try
        {
            using var doc = JsonDocument.Parse(File.ReadAllBytes(path));
            root = doc.RootElement.Clone();
        }
        catch (JsonException e)
        {
            throw new Pv3dException($"{path}: not valid JSON ({e.Message})");
        }
        if (root.ValueKind != JsonValueKind.Array) throw new Pv3dException($"{path}: expected a JSON array with one entry of 68 [x, y] per frame");
        if (root.GetArrayLength() != frames)
            throw new Pv3dException($"{path}: has landmarks for {root.GetArrayLength()} frames but the video has {frames} sampled frames");
        var result = new double[frames][,];
        var t = 0;
        foreach (var frame in root.EnumerateArray())
        {
            if (frame.ValueKind != JsonValueKind.Array || frame.GetArrayLength() != 68)
                throw new Pv3dException($"{path}: frame {t} does not have 68 landmarks");
            var lm = new double[68, 2];
            var i = 0;
            foreach (var point in frame.EnumerateArray())
            {
                if (point.ValueKind != JsonValueKind.Array || point.GetArrayLength() != 2
                    || point[0].ValueKind != JsonValueKind.Number || point[1].ValueKind != JsonValueKind.Number)
                    throw new Pv3dException($"{path}: frame {t}, landmark {i} is not an [x, y] pair of numbers");
                lm[i, 0] = point[0].GetDouble();
                lm[i, 1] = point[1].GetDouble();
                if (!double.IsFinite(lm[i, 0]) || !double.IsFinite(lm[i, 1]))
                    throw new Pv3dException($"{path}: frame {t}, landmark {i} is not finite");
                i++;
            }
            result[t++] = lm;
        }
        // A face wholly outside the frame is a mismatch of file and video (another resolution, another clip).
        for (t = 0; t < frames; t++)
        {
            double sx = 0, sy = 0;
            for (var i = 0; i < 68; i++) { sx += result[t][i, 0] / 68; sy += result[t][i, 1] / 68; }
            if (sx < 0 || sy < 0 || sx > width || sy > height)
                throw new Pv3dException($"{path}: the landmarks of frame {t} are centred at ({sx:0}, {sy:0}), outside the {width}x{height} video");
        }
        return result;
    }

    /// <summary>Writes landmarks [frames][68, 2] in the format <see cref="Load"/> reads.</summary>
    public static void Save(string path, IReadOnlyList<double[,]> landmarks)
    {
        var rows = landmarks.Select(lm => Enumerable.Range(0, lm.GetLength(0)).Select(i => new[] { lm[i, 0], lm[i, 1] }).ToArray()).ToArray();
        File.WriteAllText(path, JsonSerializer.Serialize(rows));
    }
}
