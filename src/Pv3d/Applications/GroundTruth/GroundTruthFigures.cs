using Pv3d.Video;

namespace Pv3d.Applications.GroundTruth;

/// <summary>
/// The benchmark's pictures, one row block per clip (the first <see cref="GroundTruthOptions.FigureClips"/>), enlarged by
/// pixel repetition so 64² cells stay readable in the docs.
/// <list type="bullet">
/// <item>Inversion: one row per clip: the still, its inversion, then for yaw −30° and +30° the truth and the inversion's
/// rendering; each inversion before and, with tuning, after pivotal tuning.</item>
/// <item>Reconstruction: per clip, evenly spaced frames in columns; rows the input, the reconstruction (before and after
/// tuning), the truth from +30° and the (tuned) reconstruction from +30°.</item>
/// </list>
/// </summary>
public static class GroundTruthFigures
{
    public static RgbFrames? Inversion(GroundTruthResult result, int scale = 2)
    {
        var clips = result.Clips.Take(result.Options.FigureClips).ToList();
        if (clips.Count == 0) return null;
        var rows = new List<List<RgbFrames>>();
        foreach (var c in clips)
        {
            var t = c.Inversion;
            var row = new List<RgbFrames> { c.TruthFrames.Select(new[] { 0 }), t.Before.InputFrames };
            if (t.After is not null) row.Add(t.After.InputFrames);
            var frames = c.TruthFrames.Count;
            for (var k = 0; k < GroundTruthViews.NovelYawsDegrees.Length; k++)
            {
                row.Add(c.TruthNovel.Select(new[] { k * frames }));
                row.Add(t.Before.NovelFrames.Select(new[] { k }));
                if (t.After is not null) row.Add(t.After.NovelFrames.Select(new[] { k }));
            }
            rows.Add(row);
        }
        return Enlarge(FrameGrid.Compose(rows.SelectMany(r => r).ToList(), rows.Count, rows[0].Count, padding: 2), scale);
    }

    public static RgbFrames? Reconstruction(GroundTruthResult result, int scale = 2)
    {
        var clips = result.Clips.Take(result.Options.FigureClips).ToList();
        if (clips.Count == 0) return null;
        var cells = new List<RgbFrames>();
        var rowCount = 0;
        var picked = FrameGrid.EvenlySpaced(result.Options.Frames, result.Options.FigureFrames);
        var plus = Array.IndexOf(GroundTruthViews.NovelYawsDegrees, 30.0);
        foreach (var c in clips)
        {
            var t = c.Reconstruction;
            var frames = c.TruthFrames.Count;
            var rows = new List<Func<int, RgbFrames>> { i => c.TruthFrames.Select(new[] { i }), i => t.Before.InputFrames.Select(new[] { i }) };
            if (t.After is not null) rows.Add(i => t.After.InputFrames.Select(new[] { i }));
            rows.Add(i => c.TruthNovel.Select(new[] { plus * frames + i }));
            var last = t.After ?? t.Before;
            rows.Add(i => last.NovelFrames.Select(new[] { plus * frames + i }));
            foreach (var row in rows)
            {
                cells.AddRange(picked.Select(row));
                rowCount++;
            }
        }
        return Enlarge(FrameGrid.Compose(cells, rowCount, picked.Length, padding: 2), scale);
    }

    /// <summary>Each pixel repeated <paramref name="scale"/> × <paramref name="scale"/> times.</summary>
    public static RgbFrames Enlarge(RgbFrames frames, int scale)
    {
        if (scale == 1) return frames;
        var result = new RgbFrames(frames.Count, frames.Height * scale, frames.Width * scale);
        for (var f = 0; f < frames.Count; f++)
        {
            var source = frames.Frame(f);
            var target = result.Frame(f);
            for (var y = 0; y < result.Height; y++)
            for (var x = 0; x < result.Width; x++)
                source.Slice(((y / scale) * frames.Width + x / scale) * 3, 3).CopyTo(target.Slice((y * result.Width + x) * 3, 3));
        }
        return result;
    }
}
