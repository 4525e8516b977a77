using Pv3d.Data;

namespace Pv3d.Tests.Data;

public sealed class DatasetLayoutTests : IDisposable
{
    private readonly string _root = Path.Combine(Path.GetTempPath(), "pv3d-layout-" + Guid.NewGuid().ToString("N"));

    public void Dispose()
    {
        if (Directory.Exists(_root)) Directory.Delete(_root, true);
    }

    [Fact]
    public void PathsFollowTheOfficialLayout()
    {
        var layout = new DatasetLayout(_root);
        Assert.Equal(Path.Combine(_root, "voxceleb.list"), layout.ListFile);
        Assert.Equal(Path.Combine(_root, "recrop_faces", "id01.mp4"), layout.VideoPath("id01.mp4"));
        Assert.Equal(Path.Combine(_root, "recrop_faces", "id01.mp4"), layout.VideoPath("id01"));
        Assert.Equal(Path.Combine(_root, "smoothed_camera2world", "id01.json"), layout.CameraPath("id01.mp4"));
        // The camera file uses the video's base name, like the official reader.
        Assert.Equal(Path.Combine(_root, "smoothed_camera2world", "b.json"), layout.CameraPath("sub/b.mp4"));
        Assert.Equal("clip.mp4", DatasetLayout.EntryFor("clip"));
    }

    [Fact]
    public void ListRoundTripsAndSkipsBlankLines()
    {
        var layout = new DatasetLayout(_root);
        layout.WriteList(new[] { "a.mp4", "b.mp4" });
        File.AppendAllText(layout.ListFile, "  \n c.mp4 \r\n");
        Assert.Equal(new[] { "a.mp4", "b.mp4", "c.mp4" }, layout.ReadList());
    }

    [Fact]
    public void MissingListNamesTheFile()
    {
        Directory.CreateDirectory(_root);
        var layout = new DatasetLayout(_root);
        var e = Assert.Throws<Pv3dException>(() => layout.ReadList());
        Assert.Contains(layout.ListFile, e.Message);
    }

    [Fact]
    public void CamerasRoundTrip()
    {
        var path = Path.Combine(_root, "cams", "x.json");
        var cams = Enumerable.Range(0, 3).Select(f => Enumerable.Range(0, 25).Select(k => f * 100 + k * 0.125f - 1e-7f).ToArray()).ToList();
        ClipCameras.Write(path, cams);
        var read = ClipCameras.Read(path);
        Assert.Equal(3, read.Length);
        for (var f = 0; f < 3; f++) Assert.Equal(cams[f], read[f]);
        Assert.StartsWith("[[\"000000.png\",[", File.ReadAllText(path));
    }

    [Fact]
    public void CameraEntriesWithWrongLengthNameTheFile()
    {
        Directory.CreateDirectory(_root);
        var path = Path.Combine(_root, "bad.json");
        File.WriteAllText(path, "[[\"0.png\", [1, 2, 3]]]");
        var e = Assert.Throws<Pv3dException>(() => ClipCameras.Read(path));
        Assert.Contains(path, e.Message);
        Assert.Contains("got 3", e.Message);
    }
}
