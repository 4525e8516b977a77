using Pv3d.Rendering.Cameras;

namespace Pv3d.Tests.Rendering.Cameras;

public class CameraMathTests
{
    private const double Tol = 1e-5; // cameras are stored as float32

    [Fact]
    public void CanonicalCameraIsTheOfficialOne()
    {
        var expected = new float[]
        {
            1, 0, 0, 0, 0, -1, 0, 0, 0, 0, -1, 2.7f, 0, 0, 0, 1,
            4.2647f, 0, 0.5f, 0, 4.2647f, 0.5f, 0, 0, 1,
        };
        Assert.Equal(expected, Camera.Canonical.Values);
    }

    [Fact]
    public void LookAtWithZeroAnglesIsTheCanonicalCamera()
    {
        var camera = LookAtCamera.Create(0, 0);
        for (var i = 0; i < Camera.Length; i++)
            Assert.Equal(Camera.Canonical.Values[i], camera.Values[i], Tol);
    }

    [Theory]
    [InlineData(0.0, 0.0)]
    [InlineData(0.5, 0.0)]
    [InlineData(-0.35, 0.25)]
    [InlineData(0.2, -0.3)]
    [InlineData(1.2, 0.9)]
    public void LookAtCameraIsARigidNoRollPoseFacingTheTarget(double yaw, double pitch)
    {
        var camera = LookAtCamera.Create(yaw, pitch);
        var position = camera.Position;
        Assert.Equal(LookAtCamera.DefaultRadius, position.Length, Tol);

        Vec3 right = camera.Axis(0), down = camera.Axis(1), forward = camera.Axis(2);
        foreach (var a in new[] { right, down, forward }) Assert.Equal(1, a.Length, Tol);
        Assert.Equal(0, right.Dot(down), Tol);
        Assert.Equal(0, right.Dot(forward), Tol);
        Assert.Equal(0, down.Dot(forward), Tol);
        Assert.Equal(1, right.Cross(down).Dot(forward), Tol); // right-handed, det = +1

        var toTarget = (LookAtCamera.DefaultLookAt - position).Normalized();
        Assert.Equal(1, forward.Dot(toTarget), Tol);
        Assert.Equal(0, right.Y, Tol);        // no roll: the x axis stays horizontal
        Assert.True(down.Y < 0, "world +y must be up in the image");
        Assert.Equal(new[] { 0f, 0f, 0f, 1f }, camera.Values.Skip(12).Take(4));
    }

    [Theory]
    [InlineData(0.3)]
    [InlineData(-0.6)]
    public void YawMovesTheCameraAroundTheVerticalAxisTowardsPlusXForPositiveYaw(double yaw)
    {
        var p = LookAtCamera.Create(yaw, 0).Position;
        Assert.Equal(2.7 * Math.Sin(yaw), p.X, Tol);
        Assert.Equal(0, p.Y, Tol);
        Assert.Equal(2.7 * Math.Cos(yaw), p.Z, Tol);
    }

    [Theory]
    [InlineData(0.25)]
    [InlineData(-0.4)]
    public void PitchFollowsTheOfficialArccosParametrisation(double pitch)
    {
        // vertical angle v = π/2 + pitch, polar angle φ = arccos(1 − 2v/π) → height = r·cos φ = −2r·pitch/π.
        var p = LookAtCamera.Create(0, pitch).Position;
        var h = -2 * pitch / Math.PI;
        Assert.Equal(0, p.X, Tol);
        Assert.Equal(2.7 * h, p.Y, Tol);
        Assert.Equal(2.7 * Math.Sqrt(1 - h * h), p.Z, Tol);
    }

    [Fact]
    public void IntrinsicsAreRowMajorNormalised()
    {
        var camera = LookAtCamera.Create(0.1, 0.1, intrinsics: new CameraIntrinsics(4, 5, 0.25, 0.75));
        Assert.Equal(new float[] { 4, 0, 0.25f, 0, 5, 0.75f, 0, 0, 1 }, camera.Values.Skip(16));
        Assert.Equal(4, camera.K(0, 0));
        Assert.Equal(0.75, camera.K(1, 2));
    }

    [Fact]
    public void CamerasStackIntoATensor()
    {
        var cameras = new[] { Camera.Canonical, LookAtCamera.Create(0.3, 0) };
        using var t = Camera.ToTensor(cameras);
        Assert.Equal(new long[] { 2, 25 }, t.Shape);
        Assert.Equal(cameras.SelectMany(c => c.Values).ToArray(), t.ToArray<float>());
    }
}
