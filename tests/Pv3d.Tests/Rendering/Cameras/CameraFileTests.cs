using Pv3d.Rendering.Cameras;
using Pv3d.Tests.Video;

namespace Pv3d.Tests.Rendering.Cameras;

public class CameraFileTests : IDisposable
{
    private readonly string _dir = TestFrames.TempDir();

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private string Write(string name, string json)
    {
        var path = Path.Combine(_dir, name);
        File.WriteAllText(path, json);
        return path;
    }

    private static string Numbers(int n, double start = 0) => string.Join(", ", Enumerable.Range(0, n).Select(i => (start + i * 0.5).ToString("R", System.Globalization.CultureInfo.InvariantCulture)));

    [Fact]
    public void OfficialFormatLoadsInOrder()
    {
        var path = Write("cams.json", $"[[\"00000.png\", [{Numbers(25)}]], [\"00001.png\", [{Numbers(25, 1)}]]]");
        var trajectory = (FileTrajectory)CameraTrajectory.Parse(path);
        Assert.Equal(new[] { "00000.png", "00001.png" }, trajectory.Entries.Select(e => e.Name));
        var cameras = trajectory.Cameras(2);
        Assert.Equal(0.5f, cameras[0].Values[1]);
        Assert.Equal(1 + 24 * 0.5f, cameras[1].Values[24]);
    }

    [Fact]
    public void SaveThenLoadRoundTrips()
    {
        var cameras = new[] { new NamedCamera("a", Camera.Canonical), new NamedCamera("b", LookAtCamera.Create(0.3, -0.1)) };
        var path = Path.Combine(_dir, "round.json");
        CameraFile.Save(path, cameras);
        var back = CameraFile.Load(path);
        Assert.Equal(cameras, back);
    }

    [Theory]
    [InlineData("[[\"x.png\", [1, 2", "not valid JSON")]
    [InlineData("{\"x.png\": []}", "found a object")]
    [InlineData("[]", "empty")]
    [InlineData("[[\"x.png\"]]", "entry 0")]
    [InlineData("[[3, [0]]]", "frame name must be a string")]
    [InlineData("[[\"x.png\", \"cam\"]]", "list of 25 numbers")]
    public void MalformedFilesNameTheFileAndTheProblem(string json, string expected)
    {
        var path = Write("bad.json", json);
        var e = Assert.Throws<Pv3dException>(() => CameraFile.Load(path));
        Assert.Contains(path, e.Message);
        Assert.Contains(expected, e.Message);
    }

    [Fact]
    public void WrongCountNamesTheEntry()
    {
        var path = Write("count.json", $"[[\"f0.png\", [{Numbers(25)}]], [\"f1.png\", [{Numbers(16)}]]]");
        var e = Assert.Throws<Pv3dException>(() => CameraFile.Load(path));
        Assert.Contains("entry 1 ('f1.png')", e.Message);
        Assert.Contains("got 16", e.Message);
    }

    [Fact]
    public void NonNumbersNameTheEntry()
    {
        var path = Write("nan.json", $"[[\"f0.png\", [{Numbers(24)}, \"x\"]]]");
        var e = Assert.Throws<Pv3dException>(() => CameraFile.Load(path));
        Assert.Contains("camera number 24", e.Message);
    }

    [Fact]
    public void TooFewCamerasForTheFramesIsAUserError()
    {
        var path = Write("short.json", $"[[\"f0.png\", [{Numbers(25)}]]]");
        var e = Assert.Throws<Pv3dException>(() => new FileTrajectory(path).Cameras(16));
        Assert.Contains("holds 1 cameras but 16 frames", e.Message);
    }

    [Fact]
    public void MissingFileIsAUserError()
    {
        var e = Assert.Throws<Pv3dException>(() => CameraTrajectory.Parse(Path.Combine(_dir, "none.json")));
        Assert.Contains("no such camera file", e.Message);
    }
}
