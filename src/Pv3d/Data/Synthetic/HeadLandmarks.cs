using Pv3d.Faces.Camera;
using Pv3d.Rendering.Cameras;

namespace Pv3d.Data.Synthetic;

/// <summary>
/// The 68 iBUG landmarks of a synthetic head (<see cref="FaceModel68.For"/> on the head's measurements): ground truth
/// for checking the camera-from-landmarks estimate (docs/faces.md).
/// </summary>
public static class HeadLandmarks
{
    public static FaceShape ToFaceShape(this HeadParameters h) => new(
        new Vec3(h.Centre[0], h.Centre[1], h.Centre[2]), new Vec3(h.Radii[0], h.Radii[1], h.Radii[2]),
        h.EyeY, h.EyeHalfSpacing, h.EyeRadius, h.NoseLength, h.NoseWidth, h.NoseDepth, h.MouthY, h.MouthHalfWidth, h.JawWidth, h.JawHeight);

    /// <summary>World positions of the head's 68 landmarks (neutral expression, no nod).</summary>
    public static Vec3[] Landmarks68(this HeadParameters h) => FaceModel68.For(h.ToFaceShape());
}
