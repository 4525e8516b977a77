namespace Pv3d.Rendering.Cameras;

/// <summary>Pinhole intrinsics normalised by the image size (focal lengths and principal point in image widths).</summary>
public readonly record struct CameraIntrinsics(double Fx, double Fy, double Cx, double Cy)
{
    /// <summary>The official data's intrinsics: focal 4.2647 (about 13.4 degrees field of view), centre 0.5.</summary>
    public static CameraIntrinsics Default { get; } = new(4.2647, 4.2647, 0.5, 0.5);

    public float[] ToRowMajor() => new[] { (float)Fx, 0f, (float)Cx, 0f, (float)Fy, (float)Cy, 0f, 0f, 1f };
}
