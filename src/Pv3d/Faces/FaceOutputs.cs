using System.Text.Json;
using Pv3d.Rendering.Cameras;
using Pv3d.Torch;
using Pv3d.Video;

namespace Pv3d.Faces;

/// <summary>
/// Writes what <c>pv3d align</c> produces for one photo into a folder: <c>NAME.png</c> (the aligned crop),
/// <c>NAME_camera.json</c> (the official camera layout: a list of [frame name, 25 numbers]),
/// <c>NAME_landmarks.json</c> (landmarks in the crop and in the photo, the detection, the crop's map to the photo,
/// yaw/pitch) and <c>NAME_preview.png</c> (the crop with its landmarks beside the photo with box and landmarks).
/// </summary>
public static class FaceOutputs
{
    public sealed record Written(string Image, string Camera, string Landmarks, string Preview);

    public static Written Write(string directory, string name, Tensor photo, PreparedFace face)
    {
        Directory.CreateDirectory(directory);
        var imagePath = Path.Combine(directory, name + ".png");
        var cameraPath = Path.Combine(directory, name + "_camera.json");
        var landmarksPath = Path.Combine(directory, name + "_landmarks.json");
        var previewPath = Path.Combine(directory, name + "_preview.png");

        var crop = FaceImage.ToFrames(face.Aligned.Image);
        VideoWriter.WritePng(imagePath, crop);
        CameraFile.Save(cameraPath, new[] { new NamedCamera(name + ".png", face.Camera.Camera) });

        double[][] Rows(double[,] p) => Enumerable.Range(0, p.GetLength(0)).Select(i => new[] { p[i, 0], p[i, 1] }).ToArray();
        var box = face.Face.Box;
        var info = new
        {
            image = name + ".png",
            size = face.Aligned.Size,
            landmarks = Rows(face.Aligned.Landmarks),
            source_landmarks = Rows(face.Face.Landmarks),
            detection = new { x = box.X, y = box.Y, width = box.Width, height = box.Height, score = box.Score },
            faces_found = face.FacesFound,
            crop_to_source = face.Aligned.ToSource.ToArray(),
            yaw_degrees = face.Camera.YawDegrees,
            pitch_degrees = face.Camera.PitchDegrees,
            pnp_rms_pixels = face.Camera.RmsPixels,
            notes = face.Notes,
        };
        File.WriteAllText(landmarksPath, JsonSerializer.Serialize(info, new JsonSerializerOptions { WriteIndented = true }));

        LandmarkDrawing.Dots(crop, face.Aligned.Landmarks, Math.Max(1, face.Aligned.Size / 200), (255, 40, 40));
        using var scope = TensorScope.Enter();
        // The photo scaled to the crop's height, with the detection box and the landmarks.
        var scale = (double)face.Aligned.Size / photo.Size(2);
        var width = Math.Max(1, (int)Math.Round(photo.Size(3) * scale));
        var small = Functional.Interpolate(photo.To(DType.Float32), (face.Aligned.Size, width), InterpolateMode.Bilinear, antialias: true);
        var photoFrames = FaceImage.ToFrames(small);
        var lm = face.Face.Landmarks;
        var scaled = new double[lm.GetLength(0), 2];
        for (var i = 0; i < lm.GetLength(0); i++) { scaled[i, 0] = lm[i, 0] * scale; scaled[i, 1] = lm[i, 1] * scale; }
        LandmarkDrawing.Box(photoFrames, box.X * scale, box.Y * scale, box.Width * scale, box.Height * scale, 2, (40, 220, 40));
        LandmarkDrawing.Dots(photoFrames, scaled, Math.Max(1, face.Aligned.Size / 256), (255, 40, 40));
        var side = new RgbFrames(1, face.Aligned.Size, face.Aligned.Size + width);
        for (var y = 0; y < face.Aligned.Size; y++)
        {
            crop.Frame(0).Slice(y * face.Aligned.Size * 3, face.Aligned.Size * 3).CopyTo(side.Frame(0).Slice(y * side.Width * 3));
            photoFrames.Frame(0).Slice(y * width * 3, width * 3).CopyTo(side.Frame(0).Slice((y * side.Width + face.Aligned.Size) * 3));
        }
        VideoWriter.WritePng(previewPath, side);
        return new Written(imagePath, cameraPath, landmarksPath, previewPath);
    }
}
