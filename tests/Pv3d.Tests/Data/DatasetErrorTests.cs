using Pv3d.Data;
using Pv3d.Torch;

namespace Pv3d.Tests.Data;

public sealed class DatasetErrorTests : IDisposable
{
    private readonly TinyDataset _data = new();

    public void Dispose() => _data.Dispose();

    private static VideoDatasetOptions Options(bool skip = false, List<string>? warnings = null) =>
        new() { Resolution = 32, FlipProbability = 0, SkipBadClips = skip, Warn = warnings is null ? null : warnings.Add };

    [Fact]
    public void MissingListFile()
    {
        var e = Assert.Throws<Pv3dException>(() => new VideoDataset(_data.Root, Options()));
        Assert.Contains(_data.Layout.ListFile, e.Message);
    }

    [Fact]
    public void VideoWithoutCameraFile()
    {
        var entry = _data.AddClip("a");
        File.Delete(_data.Layout.CameraPath(entry));
        _data.WriteList(entry);
        var e = Assert.Throws<Pv3dException>(() => new VideoDataset(_data.Root, Options()));
        Assert.Contains(_data.Layout.VideoPath(entry), e.Message);
        Assert.Contains(_data.Layout.CameraPath(entry), e.Message);
    }

    [Fact]
    public void ListedVideoMissing()
    {
        _data.WriteList(_data.AddClip("a"), "ghost.mp4");
        var e = Assert.Throws<Pv3dException>(() => new VideoDataset(_data.Root, Options()));
        Assert.Contains(_data.Layout.VideoPath("ghost.mp4"), e.Message);
    }

    [Fact]
    public void CameraCountDiffersFromFrameCount()
    {
        _data.WriteList(_data.AddClip("a", frames: 20, cameras: 19));
        var dataset = new VideoDataset(_data.Root, Options());
        var e = Assert.Throws<Pv3dException>(() => dataset.GetItem(0, new DataRandom(0)));
        Assert.Contains(_data.Layout.VideoPath("a.mp4"), e.Message);
        Assert.Contains("20 frames but 19 cameras", e.Message);
    }

    [Fact]
    public void CorruptVideo()
    {
        var entry = _data.AddClip("a");
        File.WriteAllBytes(_data.Layout.VideoPath(entry), new byte[] { 0, 0, 0, 0x18, 0x66, 0x74, 0x79, 0x70, 1, 2, 3 });
        _data.WriteList(entry);
        var dataset = new VideoDataset(_data.Root, Options());
        var e = Assert.Throws<Pv3dException>(() => dataset.GetItem(0, new DataRandom(0)));
        Assert.Contains(_data.Layout.VideoPath(entry), e.Message);
        Assert.Contains("corrupt", e.Message);
    }

    [Fact]
    public void BadClipsAreSkippedAndCounted()
    {
        var good = _data.AddClip("good");
        var noCamera = _data.AddClip("nocam");
        File.Delete(_data.Layout.CameraPath(noCamera));
        var mismatch = _data.AddClip("mismatch", frames: 20, cameras: 3);
        var corrupt = _data.AddClip("corrupt");
        File.WriteAllText(_data.Layout.VideoPath(corrupt), "not a video");
        _data.WriteList(noCamera, mismatch, good, corrupt);
        var warnings = new List<string>();
        var dataset = new VideoDataset(_data.Root, Options(skip: true, warnings));
        Assert.Equal(1, dataset.BadClipCount); // the missing camera file is found up front

        using var scope = TensorScope.Enter();
        for (var i = 0; i < dataset.Count; i++)
        {
            using var item = dataset.GetItem(i, new DataRandom((ulong)i));
            Assert.Equal(new long[] { 2, 3, 32, 32 }, item.Frames.Shape);
            Assert.Equal(TinyDataset.Camera((int)(item.Cameras.ToArray<float>()[0] / 100)), item.Cameras.ToArray<float>()[..25]);
        }
        Assert.Equal(3, dataset.BadClipCount);
        Assert.Equal(3, warnings.Count);
        Assert.Contains(warnings, w => w.Contains(noCamera) && w.Contains(_data.Layout.CameraPath(noCamera)));
        Assert.Contains(warnings, w => w.Contains(mismatch) && w.Contains("cameras"));
        Assert.Contains(warnings, w => w.Contains(corrupt) && w.Contains("corrupt"));
    }

    [Fact]
    public void AllClipsBad()
    {
        var corrupt = _data.AddClip("corrupt");
        File.WriteAllText(_data.Layout.VideoPath(corrupt), "not a video");
        _data.WriteList(corrupt);
        var dataset = new VideoDataset(_data.Root, Options(skip: true));
        var e = Assert.Throws<Pv3dException>(() => dataset.GetItem(0, new DataRandom(0)));
        Assert.Contains(_data.Layout.ListFile, e.Message);
    }
}
