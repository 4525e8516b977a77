using Pv3d.Faces.Alignment;
using Pv3d.Faces.Camera;

namespace Pv3d.Faces;

/// <summary>
/// A photo's face made ready for the generator: the aligned crop in the training framing (with its landmarks), the
/// estimated dataset camera, the detection it came from, how many faces the photo had and notes for the user (for
/// example that the largest of several faces was taken).
/// </summary>
public sealed record PreparedFace(AlignedFace Aligned, CameraEstimate Camera, DetectedFace Face, int FacesFound, IReadOnlyList<string> Notes)
    : IDisposable
{
    public void Dispose() => Aligned.Dispose();
}
