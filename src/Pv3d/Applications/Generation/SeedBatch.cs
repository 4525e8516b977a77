using Pv3d.Video;

namespace Pv3d.Applications.Generation;

/// <summary>
/// One batch of times of a seed, as <see cref="VideoGenerator"/> renders it: frames <paramref name="Start"/> ..
/// Start + Video.Count − 1 of the video, of every multi-view grid row (top to bottom; a row the video already shows is
/// the video's frames), and the video's depth [B, 1, DepthHeight, DepthWidth] as float32 values.
/// </summary>
public sealed record SeedBatch(int Start, RgbFrames Video, IReadOnlyList<RgbFrames> GridRows, float[] Depth, int DepthHeight, int DepthWidth);
