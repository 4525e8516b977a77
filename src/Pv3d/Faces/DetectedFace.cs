using Pv3d.Faces.Detection;

namespace Pv3d.Faces;

/// <summary>
/// One face in an image: the detector's box, the 68 landmarks (pixels, [68, 2] as (x, y), iBUG-300W order: jaw 0-16,
/// brows 17-26, nose 27-35, eyes 36-47, mouth 48-67), face-api's "aligned" box (the landmarks' bounding box grown by
/// 20%, which the recognition net sees) and the 128-d descriptor when it was computed.
/// </summary>
public sealed record DetectedFace(FaceBox Box, double[,] Landmarks, FaceBox AlignedBox, float[]? Descriptor);
