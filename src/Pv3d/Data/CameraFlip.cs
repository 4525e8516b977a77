namespace Pv3d.Data;

/// <summary>
/// The camera of a horizontally mirrored image, as the official augmentation computes it: negate entries
/// 1, 2, 3, 4 and 8 of the 25-vector (cam2world m01, m02, m03, m10, m20), i.e. conjugate the pose by
/// diag(−1, 1, 1) in world x and camera x. Intrinsics are unchanged.
/// </summary>
public static class CameraFlip
{
    private static readonly int[] NegatedEntries = { 1, 2, 3, 4, 8 };

    public static float[] Flip(ReadOnlySpan<float> camera)
    {
        if (camera.Length != ClipCameras.CameraLength)
            throw new ArgumentException($"a camera has {ClipCameras.CameraLength} numbers, got {camera.Length}", nameof(camera));
        var result = camera.ToArray();
        foreach (var k in NegatedEntries) result[k] = -result[k];
        return result;
    }
}
