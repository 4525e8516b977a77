using Pv3d.Faces;
using Pv3d.Faces.Alignment;
using Pv3d.Faces.Camera;
using Pv3d.Torch;

namespace Pv3d.Applications.Inversion;

/// <summary>
/// A still portrait made ready to invert: <see cref="ImagePath"/> is a square crop in the training framing and
/// <see cref="CameraPath"/> its camera file (null: the canonical frontal camera). For a raw photo, <see cref="Face"/>
/// holds what was found (the crop's map to the photo, the estimated camera) and <see cref="Note"/> says so in one line.
/// </summary>
public sealed record PortraitTarget(string ImagePath, string? CameraPath, string? Note, PortraitFace? Face)
{
    /// <summary>The value of the camera setting that keeps the image as it is, seen by the canonical frontal camera.</summary>
    public const string Frontal = "frontal";

    /// <summary>Base name of the files a raw photo's preparation writes into the output folder (<see cref="FaceOutputs"/>).</summary>
    public const string AlignedName = "aligned";

    /// <summary>
    /// Resolves the camera setting of <c>pv3d invert</c> / <c>pv3d animate</c>:
    /// <list type="bullet">
    /// <item>a camera file: the image is used as it is (a square crop in the training framing) with that camera;</item>
    /// <item><see cref="Frontal"/> (any case): the image as it is, with the canonical frontal camera (what a missing camera
    /// meant before raw photos were accepted);</item>
    /// <item>null: the image is a raw photo (any size, the face anywhere): the face is found (the largest, face-api's
    /// SSD and 68 landmarks), cut out in the training framing at <paramref name="size"/>² (<see cref="FacePreparer.Align"/>)
    /// and its camera estimated from the aligned landmarks (<see cref="FacePreparer.EstimateCamera"/>), as
    /// <c>pv3d align</c> does; the crop, its camera, landmarks and a preview are written into
    /// <paramref name="outputDirectory"/> as <c>aligned.png</c>, <c>aligned_camera.json</c>, <c>aligned_landmarks.json</c>
    /// and <c>aligned_preview.png</c>, and the inversion then reads the crop and camera from there.</item>
    /// </list>
    /// </summary>
    public static PortraitTarget Resolve(string imagePath, string? camera, string outputDirectory, int size = FaceAligner.DefaultSize,
        string? faceModelFolder = null)
    {
        if (camera is not null && camera.Equals(Frontal, StringComparison.OrdinalIgnoreCase)) return new PortraitTarget(imagePath, null, null, null);
        if (camera is not null) return new PortraitTarget(imagePath, camera, null, null);

        if (!File.Exists(imagePath)) throw new Pv3dException($"{imagePath}: no such file");
        using var scope = TensorScope.Enter();
        var photo = FaceImage.Read(imagePath);
        using var preparer = new FacePreparer(faceModelFolder);
        PreparedFace face;
        try
        {
            face = preparer.Prepare(photo, imagePath, size);
        }
        catch (Pv3dException e)
        {
            // A crop that is already framed (a rendering, a face too small for the detector) is usable as it is.
            throw Pv3dException.ForSettings(
                $"{e.Message}; without a Camera the image is taken for a raw photo: to use an aligned crop as it is, set Camera to '{Frontal}' or a camera file",
                "Camera");
        }
        using (face)
        {
            var written = FaceOutputs.Write(outputDirectory, AlignedName, photo, face);
            var estimate = face.Camera;
            var notes = face.Notes.Count > 0 ? " (" + string.Join("; ", face.Notes) + ")" : "";
            var note = $"no camera given: found a {face.Face.Box.Width:0}x{face.Face.Box.Height:0} px face in the photo{notes}, aligned it to the training " +
                       $"framing ({written.Image}) and estimated its camera (yaw {estimate.YawDegrees:0.0}°, pitch {estimate.PitchDegrees:0.0}°; {written.Camera})";
            return new PortraitTarget(written.Image, written.Camera, note, new PortraitFace(face.Aligned.ToSource, estimate, face.FacesFound));
        }
    }
}

/// <summary>What a raw photo's preparation found: the aligned crop's map to the photo's pixels, the estimated camera, the faces seen.</summary>
public sealed record PortraitFace(SimilarityTransform CropToSource, CameraEstimate Camera, int FacesFound);
