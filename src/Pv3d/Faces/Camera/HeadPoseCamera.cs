using Pv3d.Rendering.Cameras;
using CameraPose = Pv3d.Rendering.Cameras.Camera;

namespace Pv3d.Faces.Camera;

/// <summary>A camera estimated from 68 landmarks: the dataset-convention camera, its yaw and pitch, and the fit.</summary>
public sealed record CameraEstimate(CameraPose Camera, double YawDegrees, double PitchDegrees, double RmsPixels, double Distance);

/// <summary>
/// The camera of an aligned face crop from its 68 landmarks: PnP of the landmarks against <see cref="FaceModel68"/>
/// (the mean face, world units) with the dataset's intrinsics (focal 4.2647 crop widths, centre 0.5), then the
/// rotation alone is kept and the camera put where the dataset puts it (EG3D's convention for rotation-only poses):
/// cam2world rotation R = the fitted one, position = pivot − 2.7 · R[:, 2] with pivot (0, 0, 0.2), so the camera looks
/// at the pivot from radius 2.7. Jaw-contour points get weight 0.3 (their 3D position on a real face changes with
/// the view: the contour is a silhouette), the others 1.
/// <para>
/// Human faces: the mean face is a synthetic (cartoon) head whose nose tip sits higher between eyes and mouth than a
/// human's (37% of the way from the eye line to the mouth corners, against about 57% on people), so PnP reads every
/// human face as turned down. <see cref="HumanPitchOffsetDegrees"/> undoes that on average: the fitted camera is
/// turned about the world x axis through the pivot by this angle (Rx(offset) · R, which adds the offset to a frontal
/// camera's pitch). It is calibrated on real faces (see the constant); faces shaped like the mean face (the synthetic
/// heads) need 0.
/// </para>
/// </summary>
public static class HeadPoseCamera
{
    public const double Radius = 2.7;
    public static Vec3 Pivot { get; } = new(0, 0, 0.2);

    /// <summary>
    /// The pitch correction for human faces, degrees: minus the median pitch that this estimate (offset 0) gives on
    /// the 100 face crops of LFW in Debian's python3-skimage (<c>lfw_subset.npy</c>, 25² grey crops of 100 people,
    /// landmarks from face-api's net on the crop upscaled to 112²), whose heads are taken to face the camera on average:
    /// median −10.8° (quartiles −14.0° and −8.4°; <c>PitchCalibrationTests</c> re-measures it). Held out: astronaut.png
    /// goes from −13.1° to −2.3°.
    /// </summary>
    public const double HumanPitchOffsetDegrees = 10.8;

    /// <summary>
    /// Estimates the camera of a crop of <paramref name="size"/>² pixels whose landmarks (pixels, [68, 2]) are given,
    /// turned by <paramref name="pitchOffsetDegrees"/> about the world x axis (<see cref="HumanPitchOffsetDegrees"/> for
    /// human faces; 0 for faces shaped like <paramref name="model"/>).
    /// </summary>
    public static CameraEstimate Estimate(double[,] landmarks, int size, IReadOnlyList<Vec3>? model = null, double pitchOffsetDegrees = 0)
    {
        if (landmarks.GetLength(0) != FaceModel68.Count || landmarks.GetLength(1) != 2)
            throw new ArgumentException($"expected landmarks [68, 2], got [{landmarks.GetLength(0)}, {landmarks.GetLength(1)}]");
        model ??= FaceModel68.Mean;
        var pixels = Enumerable.Range(0, FaceModel68.Count).Select(i => (landmarks[i, 0], landmarks[i, 1])).ToList();
        var weights = Enumerable.Range(0, FaceModel68.Count).Select(i => i <= 16 ? 0.3 : 1.0).ToList();
        var intrinsics = CameraIntrinsics.Default;
        double fx = intrinsics.Fx * size, fy = intrinsics.Fy * size, cx = intrinsics.Cx * size, cy = intrinsics.Cy * size;
        // Start at the canonical frontal camera: world-to-camera rotation diag(1, -1, -1), the face 2.7 away.
        var r0 = new double[,] { { 1, 0, 0 }, { 0, -1, 0 }, { 0, 0, -1 } };
        var fit = PerspectivePnp.Solve(model, pixels, weights, fx, fy, cx, cy, r0, new Vec3(0, 0, Radius));
        var cam2world = Multiply(RotationX(pitchOffsetDegrees * Math.PI / 180), Transpose(fit.Rotation));
        var camera = FromRotation(cam2world);
        var position = -1 * Multiply(Transpose(fit.Rotation), fit.Translation);
        return new CameraEstimate(camera, YawDegrees(camera), PitchDegrees(camera), fit.RmsError, (position - Pivot).Length);
    }

    /// <summary>The dataset camera for a cam2world rotation: position = pivot − 2.7 · R[:, 2], official intrinsics.</summary>
    public static CameraPose FromRotation(double[,] cam2world)
    {
        var forward = new Vec3(cam2world[0, 2], cam2world[1, 2], cam2world[2, 2]);
        var position = Pivot - Radius * forward;
        var pose = new double[4, 4];
        for (var r = 0; r < 3; r++)
        {
            for (var c = 0; c < 3; c++) pose[r, c] = cam2world[r, c];
        }
        pose[0, 3] = position.X; pose[1, 3] = position.Y; pose[2, 3] = position.Z; pose[3, 3] = 1;
        return CameraPose.FromPose(pose, CameraIntrinsics.Default);
    }

    /// <summary>
    /// Yaw of a camera in degrees from its viewing direction f: atan2(−f.x, −f.z); positive when the camera sits on
    /// the subject's left (+x), as <see cref="LookAtCamera"/>'s positive yaw.
    /// </summary>
    public static double YawDegrees(CameraPose c) => Math.Atan2(-c.Pose(0, 2), -c.Pose(2, 2)) * 180 / Math.PI;

    /// <summary>Pitch in degrees: asin(f.y); positive when the camera looks up at the face from below.</summary>
    public static double PitchDegrees(CameraPose c) => Math.Asin(Math.Clamp(c.Pose(1, 2), -1, 1)) * 180 / Math.PI;

    /// <summary>Pixels of world points seen by a camera (cam2world + normalised intrinsics) in a size² image.</summary>
    public static (double X, double Y)[] Project(CameraPose c, IReadOnlyList<Vec3> points, int size)
    {
        var cam2world = new double[3, 3];
        for (var r = 0; r < 3; r++) for (var k = 0; k < 3; k++) cam2world[r, k] = c.Pose(r, k);
        var w2c = Transpose(cam2world);
        var t = -1 * Multiply(w2c, c.Position);
        return points.Select(p => PerspectivePnp.Project(w2c, t, p, c.K(0, 0) * size, c.K(1, 1) * size, c.K(0, 2) * size, c.K(1, 2) * size)).ToArray();
    }

    /// <summary>The rotation by <paramref name="angle"/> radians about the world x axis.</summary>
    private static double[,] RotationX(double angle) => new[,]
    {
        { 1, 0, 0 }, { 0, Math.Cos(angle), -Math.Sin(angle) }, { 0, Math.Sin(angle), Math.Cos(angle) },
    };

    private static double[,] Multiply(double[,] a, double[,] b)
    {
        var m = new double[3, 3];
        for (var r = 0; r < 3; r++) for (var c = 0; c < 3; c++) for (var k = 0; k < 3; k++) m[r, c] += a[r, k] * b[k, c];
        return m;
    }

    internal static double[,] Transpose(double[,] m)
    {
        var t = new double[3, 3];
        for (var r = 0; r < 3; r++) for (var c = 0; c < 3; c++) t[r, c] = m[c, r];
        return t;
    }

    internal static Vec3 Multiply(double[,] m, Vec3 v) => new(
        m[0, 0] * v.X + m[0, 1] * v.Y + m[0, 2] * v.Z,
        m[1, 0] * v.X + m[1, 1] * v.Y + m[1, 2] * v.Z,
        m[2, 0] * v.X + m[2, 1] * v.Y + m[2, 2] * v.Z);
}
