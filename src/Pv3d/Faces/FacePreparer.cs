using Pv3d.Faces.Alignment;
using Pv3d.Faces.Camera;
using Pv3d.Torch;

namespace Pv3d.Faces;

/// <summary>
/// The library entry point from a raw photo to what the generator needs (used by <c>pv3d align</c> and meant for the
/// applications that take raw photos): detect the faces (face-api's SSD), take the largest, find its 68 landmarks,
/// <see cref="Align"/> it to the training framing and <see cref="EstimateCamera"/> from the aligned landmarks.
/// Bad input raises <see cref="Pv3dException"/>: unreadable file, no face, a face smaller than
/// <see cref="MinFaceSize"/> pixels.
/// </summary>
public sealed class FacePreparer : IDisposable
{
    private readonly FaceAnalyzer _analyzer;
    private readonly bool _ownsAnalyzer;

    /// <summary>Loads the face nets from the model folder (<see cref="FaceModelFolder"/>).</summary>
    public FacePreparer(string? modelFolder = null)
    {
        _analyzer = new FaceAnalyzer(modelFolder);
        _ownsAnalyzer = true;
    }

    /// <summary>Uses nets loaded elsewhere (not disposed with this preparer).</summary>
    public FacePreparer(FaceAnalyzer analyzer) => _analyzer = analyzer;

    public FaceAnalyzer Analyzer => _analyzer;

    /// <summary>Faces whose detector box is narrower than this (pixels) are refused (the landmark net sees 112²).</summary>
    public int MinFaceSize { get; init; } = 40;

    /// <summary>Reads a photo (anything ffmpeg decodes) and prepares its face.</summary>
    public PreparedFace Prepare(string imagePath, int size = FaceAligner.DefaultSize)
    {
        if (!File.Exists(imagePath)) throw new Pv3dException($"{imagePath}: no such image file");
        using var scope = TensorScope.Enter();
        return Prepare(FaceImage.Read(imagePath), imagePath, size);
    }

    /// <summary>Prepares the face of an image [1, 3, H, W] (0..255); <paramref name="source"/> names it in messages.</summary>
    public PreparedFace Prepare(Tensor image, string source, int size = FaceAligner.DefaultSize)
    {
        var faces = _analyzer.Analyze(image, withDescriptors: false);
        if (faces.Count == 0) throw new Pv3dException($"{source}: no face found (detector confidence threshold {_analyzer.MinConfidence})");
        var notes = new List<string>();
        var face = faces.OrderByDescending(f => f.Box.Area).First();
        if (faces.Count > 1)
            notes.Add($"{faces.Count} faces found; using the largest ({face.Box.Width:0}x{face.Box.Height:0} px at {face.Box.X:0},{face.Box.Y:0})");
        if (Math.Min(face.Box.Width, face.Box.Height) < MinFaceSize)
            throw new Pv3dException(
                $"{source}: the face is too small ({face.Box.Width:0}x{face.Box.Height:0} px; at least {MinFaceSize} px is needed for reliable landmarks)");
        var aligned = Align(image, face.Landmarks, size);
        var camera = EstimateCamera(aligned.Landmarks, size);
        return new PreparedFace(aligned, camera, face, faces.Count, notes);
    }

    /// <summary>The face of <paramref name="image"/> with the given 68 landmarks (pixels) cut out in the training framing.</summary>
    public static AlignedFace Align(Tensor image, double[,] landmarks, int size = FaceAligner.DefaultSize) =>
        FaceAligner.Align(image, landmarks, size);

    /// <summary>
    /// The dataset camera of an aligned size² crop from the 68 landmarks of a human face (pixels of the crop), with
    /// the pitch correction for human faces (<see cref="HeadPoseCamera.HumanPitchOffsetDegrees"/>).
    /// </summary>
    public static CameraEstimate EstimateCamera(double[,] alignedLandmarks, int size = FaceAligner.DefaultSize) =>
        HeadPoseCamera.Estimate(alignedLandmarks, size, pitchOffsetDegrees: HeadPoseCamera.HumanPitchOffsetDegrees);

    public void Dispose()
    {
        if (_ownsAnalyzer) _analyzer.Dispose();
    }
}
