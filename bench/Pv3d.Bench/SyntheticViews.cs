using Pv3d.Data.Synthetic;
using Pv3d.Rendering.Cameras;
using Pv3d.Video;

namespace Pv3d.Bench;

/// <summary>
/// The picture of docs/synthetic-heads-views.png: the first clips of a synthetic dataset (one per row), each at the
/// frame where its mouth is widest, seen from a row of yaws wider than the dataset's own camera range.
/// </summary>
public static class SyntheticViews
{
    private static readonly double[] Yaws = { -0.9, -0.35, 0, 0.35, 0.9 };
    private const int FramesSearched = 32;

    public static void Write(string path, int clips = 4, int size = 128, long seed = 0)
    {
        var cells = new List<RgbFrames>();
        for (var index = 0; index < clips; index++)
        {
            var clip = SyntheticClip.Sample(seed, index);
            var t = Enumerable.Range(0, FramesSearched).Select(i => SyntheticClip.TimeOf(i, FramesSearched))
                .MaxBy(time => clip.StateAt(time).MouthOpen);
            var state = clip.StateAt(t) with { Blink = 0 };
            foreach (var yaw in Yaws)
                cells.Add(SphereTracer.Render(new HeadScene(clip.Head, state), LookAtCamera.Create(yaw, 0), size, size));
        }
        VideoWriter.WritePng(path, FrameGrid.Compose(cells, clips, Yaws.Length));
        Console.WriteLine($"wrote {path}: {clips} clips (seed {seed}) x yaws {string.Join(", ", Yaws)} rad at {size}²");
    }
}
