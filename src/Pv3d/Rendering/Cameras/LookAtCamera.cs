namespace Pv3d.Rendering.Cameras;

/// <summary>
/// Cameras on a sphere around the world origin that look at a point, parametrised like the official
/// LookAtPoseSampler (horizontal angle π/2 + yaw, vertical angle π/2 + pitch; no roll, world +y up).
/// Yaw 0 and pitch 0 give the canonical frontal camera; positive yaw moves the camera towards +x
/// (its own right), positive pitch towards −y.
/// </summary>
public static class LookAtCamera
{
    public const double DefaultRadius = 2.7;

    /// <summary>The point the official scripts look at (the head's centre).</summary>
    public static Vec3 DefaultLookAt { get; } = new(0, 0, 0.2);

    public static Camera Create(double yaw, double pitch, double radius = DefaultRadius, Vec3? lookAt = null, CameraIntrinsics? intrinsics = null)
    {
        var theta = Math.PI / 2 + yaw;
        var vertical = Math.Clamp(Math.PI / 2 + pitch, 1e-5, Math.PI - 1e-5);
        var phi = Math.Acos(1 - 2 * vertical / Math.PI);
        var origin = new Vec3(
            radius * Math.Sin(phi) * Math.Cos(Math.PI - theta),
            radius * Math.Cos(phi),
            radius * Math.Sin(phi) * Math.Sin(Math.PI - theta));
        return Looking(origin, lookAt ?? DefaultLookAt, intrinsics ?? CameraIntrinsics.Default);
    }

    /// <summary>A camera at <paramref name="origin"/> whose z axis points at <paramref name="target"/>, with world +y up in the image.</summary>
    public static Camera Looking(Vec3 origin, Vec3 target, CameraIntrinsics intrinsics)
    {
        var forward = (target - origin).Normalized();
        var worldUp = new Vec3(0, 1, 0);
        var right = -worldUp.Cross(forward).Normalized();
        var down = forward.Cross(right).Normalized(); // OpenCV y: points down in the image
        var pose = new double[,]
        {
            { right.X, down.X, forward.X, origin.X },
            { right.Y, down.Y, forward.Y, origin.Y },
            { right.Z, down.Z, forward.Z, origin.Z },
            { 0, 0, 0, 1 },
        };
        return Camera.FromPose(pose, intrinsics);
    }
}
