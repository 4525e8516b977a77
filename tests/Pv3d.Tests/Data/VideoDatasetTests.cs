using Pv3d.Data;
using Pv3d.Torch;

namespace Pv3d.Tests.Data;

public sealed class VideoDatasetTests : IDisposable
{
    private readonly TinyDataset _data = new();

    public void Dispose() => _data.Dispose();

    private VideoDataset TwoClips(VideoDatasetOptions? options = null)
    {
        _data.WriteList(_data.AddClip("a"), _data.AddClip("b"));
        return new VideoDataset(_data.Root, options ?? new VideoDatasetOptions { Resolution = TinyDataset.Size });
    }

    /// <summary>The frame index a decoded item frame shows (level of its bright half, mapped back to [0, 255]).</summary>
    private static int ShownFrame(float[] frames, int frame, bool flipped)
    {
        const int s = TinyDataset.Size;
        var x = flipped ? s - 4 : 3;
        var level = (frames[frame * 3 * s * s + 10 * s + x] + 1) / 2 * 255;
        return (int)Math.Round((level - 8) / 12);
    }

    [Fact]
    public void ItemsHaveTheOfficialShapesAndRanges()
    {
        var dataset = TwoClips();
        using var scope = TensorScope.Enter();
        using var item = dataset.GetItem(1, new DataRandom(3));
        Assert.Equal(new long[] { 2, 3, 32, 32 }, item.Frames.Shape);
        Assert.Equal(new long[] { 2, 25 }, item.Cameras.Shape);
        Assert.Equal(new long[] { 2 }, item.Times.Shape);
        var pixels = item.Frames.ToArray<float>();
        Assert.InRange(pixels.Min(), -1f, -0.99f); // black half
        Assert.True(pixels.Max() <= 1f);
        var t = item.Times.ToArray<float>();
        Assert.True(t[0] <= t[1] && t[0] >= 0 && t[1] <= 1);
    }

    [Fact]
    public void FramesCamerasAndTimesComeFromTheSameIndices()
    {
        var dataset = TwoClips(new VideoDatasetOptions { Resolution = TinyDataset.Size, FlipProbability = 0 });
        using var scope = TensorScope.Enter();
        for (ulong seed = 0; seed < 12; seed++)
        {
            using var item = dataset.GetItem((int)(seed % 2), new DataRandom(seed));
            var frames = item.Frames.ToArray<float>();
            var cams = item.Cameras.ToArray<float>();
            var t = item.Times.ToArray<float>();
            var rowLo = (int)(cams[0] / 100);
            var rowHi = (int)(cams[25] / 100);
            Assert.Equal(TinyDataset.Camera(rowLo), cams[..25]);
            Assert.Equal(rowLo, ShownFrame(frames, 0, false));
            Assert.Equal(rowHi, ShownFrame(frames, 1, false));
            // 20 frames ≥ span + 2: positions are not clamped, so the row gap is the time gap times (F − 1).
            Assert.Equal(rowHi - rowLo, (int)Math.Round((t[1] - t[0]) * 15));
            Assert.InRange(rowLo - (int)Math.Round(t[0] * 15), 0, 2); // offset = randint(20 − 16 − 1)
        }
    }

    [Fact]
    public void ClipsShorterThanTheSpanRepeatTheirLastFrame()
    {
        _data.WriteList(_data.AddClip("short", frames: 6));
        var dataset = new VideoDataset(_data.Root, new VideoDatasetOptions { Resolution = 32, FlipProbability = 0 });
        using var scope = TensorScope.Enter();
        for (ulong seed = 0; seed < 8; seed++)
        {
            using var item = dataset.GetItem(0, new DataRandom(seed));
            var t = item.Times.ToArray<float>();
            var cams = item.Cameras.ToArray<float>();
            var frames = item.Frames.ToArray<float>();
            for (var j = 0; j < 2; j++)
            {
                var expected = Math.Min((int)Math.Round(t[j] * 15), 5);
                Assert.Equal(expected * 100f, cams[j * 25]);
                Assert.Equal(expected, ShownFrame(frames, j, false));
            }
        }
    }

    [Fact]
    public void SameSeedSameItemsDifferentSeedDifferentItems()
    {
        var dataset = TwoClips();
        using var scope = TensorScope.Enter();
        using var a = dataset.GetBatch(new[] { 0, 1, 1, 0 }, 42);
        using var b = dataset.GetBatch(new[] { 0, 1, 1, 0 }, 42);
        using var c = dataset.GetBatch(new[] { 0, 1, 1, 0 }, 43);
        Assert.Equal(new long[] { 4, 2, 3, 32, 32 }, a.Frames.Shape);
        Assert.Equal(new long[] { 4, 2, 25 }, a.Cameras.Shape);
        Assert.Equal(new long[] { 4, 2 }, a.Times.Shape);
        Assert.Equal(a.Frames.ToArray<float>(), b.Frames.ToArray<float>());
        Assert.Equal(a.Cameras.ToArray<float>(), b.Cameras.ToArray<float>());
        Assert.Equal(a.Times.ToArray<float>(), b.Times.ToArray<float>());
        Assert.NotEqual(a.Times.ToArray<float>(), c.Times.ToArray<float>());
    }

    [Fact]
    public void FlipMirrorsTheImageAndTheCamera()
    {
        var plain = TwoClips(new VideoDatasetOptions { Resolution = 32, FlipProbability = 0 });
        var mirrored = new VideoDataset(_data.Root, new VideoDatasetOptions { Resolution = 32, FlipProbability = 1 });
        using var scope = TensorScope.Enter();
        using var p = plain.GetItem(0, new DataRandom(7));
        using var m = mirrored.GetItem(0, new DataRandom(7));
        Assert.Equal(p.Frames.Flip(3).ToArray<float>(), m.Frames.ToArray<float>());
        var pc = p.Cameras.ToArray<float>();
        var mc = m.Cameras.ToArray<float>();
        // cam2world M → S·M·S with S = diag(−1, 1, 1, 1): entries of the top 3x4 with exactly one x index change
        // sign (the bottom row of a pose is [0, 0, 0, 1], which S·M·S keeps; it is copied as is).
        for (var row = 0; row < 2; row++)
        {
            Assert.Equal(pc[(row * 25 + 12)..(row * 25 + 16)], mc[(row * 25 + 12)..(row * 25 + 16)]);
            for (var i = 0; i < 3; i++)
                for (var j = 0; j < 4; j++)
                {
                    var s = (i == 0 ? -1f : 1f) * (j == 0 ? -1f : 1f);
                    Assert.Equal(s * pc[row * 25 + i * 4 + j], mc[row * 25 + i * 4 + j]);
                }
        }
        Assert.Equal(pc[16..25], mc[16..25]);
        Assert.Equal(pc[41..50], mc[41..50]);
    }

    [Fact]
    public void FramesAreResizedToTheTrainingResolution()
    {
        var dataset = TwoClips(new VideoDatasetOptions { Resolution = 16, FlipProbability = 0 });
        using var scope = TensorScope.Enter();
        using var item = dataset.GetItem(0, new DataRandom(1));
        Assert.Equal(new long[] { 2, 3, 16, 16 }, item.Frames.Shape);
        var f = item.Frames.ToArray<float>();
        Assert.Equal(-1f, f[5 * 16 + 15], 3); // right half stays black
        Assert.True(f[5 * 16 + 2] > -0.95f);  // left half stays gray
    }

    [Fact]
    public void DecodedClipsAreCached()
    {
        var dataset = TwoClips();
        using var scope = TensorScope.Enter();
        for (ulong s = 0; s < 6; s++) dataset.GetItem((int)(s % 2), new DataRandom(s)).Dispose();
        Assert.Equal(2, dataset.Cache.Misses);
        Assert.Equal(4, dataset.Cache.Hits);
        Assert.Equal(2L * 20 * 32 * 32 * 3, dataset.Cache.Bytes);
    }

    [Fact]
    public void GeneratorCamerasArePairsOfRealCamerasWithinTheSpan()
    {
        var dataset = TwoClips();
        using var scope = TensorScope.Enter();
        var cams = dataset.GeneratorCameras(64, new DataRandom(5)).ToArray<float>();
        for (var i = 0; i < 64; i++)
        {
            var lo = (int)(cams[i * 50] / 100);
            var hi = (int)(cams[i * 50 + 25] / 100);
            Assert.Equal(TinyDataset.Camera(lo), cams[(i * 50)..(i * 50 + 25)]);
            Assert.InRange(hi - lo, 0, 15);
            Assert.InRange(lo, 0, 19);
        }
    }
}
