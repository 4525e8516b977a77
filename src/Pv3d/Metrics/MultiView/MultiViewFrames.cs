namespace Pv3d.Metrics.MultiView;

/// <summary>
/// What the official <c>generating_multiview_loop</c> saves per video, in memory: the 4 frames as 8-bit RGB
/// (clamp(-1, 1), (x + 1) / 2 · 255, truncated — the PNGs it writes), and per frame the neural-rendering outputs
/// <c>image_depth</c> [R, R], <c>depth</c> (xyz, the weight-averaged sample positions) [R, R, 3] and
/// <c>weights_total</c> [R, R].
/// </summary>
/// <param name="Images">4 frames, each [ImageSize, ImageSize, 3] bytes</param>
/// <param name="Depth">4 frames, each [R * R] floats</param>
/// <param name="Xyz">4 frames, each [R * R * 3] floats</param>
/// <param name="WeightTotal">4 frames, each [R * R] floats</param>
public sealed record MultiViewFrames(int ImageSize, int RenderingResolution, byte[][] Images, float[][] Depth, float[][] Xyz, float[][] WeightTotal);
