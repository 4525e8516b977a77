using Pv3d.Data;
using Pv3d.Video;

namespace Pv3d.Tests.Data;

public class ClipCacheTests
{
    private static RgbFrames Clip(byte fill)
    {
        var frames = new RgbFrames(2, 2, 2); // 24 bytes
        frames.Data.AsSpan().Fill(fill);
        return frames;
    }

    [Fact]
    public void LeastRecentlyUsedClipsLeaveFirstWhenTheBudgetIsFull()
    {
        var cache = new ClipCache(48);
        var loads = new List<string>();
        RgbFrames Get(string key, byte fill) => cache.GetOrLoad(key, () => { loads.Add(key); return Clip(fill); });

        Get("a", 1);
        Get("b", 2);
        Assert.Equal(1, Get("a", 9).Data[0]); // cached: the loader is not called again
        Get("c", 3);                          // evicts b, the least recently used
        Assert.Equal(48, cache.Bytes);
        Assert.Equal(2, cache.Count);
        Get("a", 9);
        Get("b", 2);
        Assert.Equal(new[] { "a", "b", "c", "b" }, loads);
        Assert.Equal((2, 4), (cache.Hits, cache.Misses));
    }

    [Fact]
    public void ClipsLargerThanTheBudgetAreReturnedButNotKept()
    {
        var cache = new ClipCache(10);
        var loads = 0;
        for (var i = 0; i < 3; i++) Assert.Equal(5, cache.GetOrLoad("big", () => { loads++; return Clip(5); }).Data[0]);
        Assert.Equal(3, loads);
        Assert.Equal(0, cache.Bytes);
    }
}
