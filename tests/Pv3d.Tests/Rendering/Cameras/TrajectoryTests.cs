using Pv3d.Rendering.Cameras;

namespace Pv3d.Tests.Rendering.Cameras;

public class TrajectoryTests
{
    private const double Tol = 1e-5;

    [Fact]
    public void FrontalRepeatsTheCanonicalCamera()
    {
        var cameras = CameraTrajectory.Parse("frontal").Cameras(5);
        Assert.Equal(5, cameras.Count);
        Assert.All(cameras, c => Assert.Equal(Camera.Canonical, c));
    }

    [Fact]
    public void YawSweepRunsLinearlyBetweenTheRanges()
    {
        var cameras = CameraTrajectory.Parse("yaw-sweep", yawRange: 0.4).Cameras(5);
        var yaws = cameras.Select(c => Math.Atan2(c.Position.X, c.Position.Z)).ToArray();
        Assert.Equal(new[] { -0.4, -0.2, 0, 0.2, 0.4 }, yaws.Select(y => Math.Round(y, 5)));
        Assert.All(cameras, c => Assert.Equal(0, c.Position.Y, Tol));
    }

    [Fact]
    public void OrbitFollowsTheOfficialRenderingPath()
    {
        const int n = 8;
        var cameras = CameraTrajectory.Parse("orbit").Cameras(n);
        for (var i = 0; i < n; i++)
        {
            var angle = 2 * Math.PI * i / n;
            var expected = LookAtCamera.Create(0.35 * Math.Sin(angle), -0.05 + 0.25 * Math.Cos(angle));
            Assert.Equal(expected, cameras[i]);
        }
        // Frame 0: yaw 0, pitch 0.2 → camera height −2·2.7·0.2/π (below the head's centre plane).
        Assert.Equal(-2 * 2.7 * 0.2 / Math.PI, cameras[0].Position.Y, Tol);
        Assert.Equal(0, cameras[0].Position.X, Tol);
        Assert.True(cameras[2].Position.X > 0.9, "a quarter orbit yaws by +0.35");
    }

    [Fact]
    public void UnknownTrajectoryNamesTheChoices()
    {
        var e = Assert.Throws<Pv3dException>(() => CameraTrajectory.Parse("spiral"));
        Assert.Contains("spiral", e.Message);
        Assert.Contains("yaw-sweep", e.Message);
    }

    [Fact]
    public void ZeroFramesIsAUserError() =>
        Assert.Throws<Pv3dException>(() => new OrbitTrajectory().Cameras(0));
}
