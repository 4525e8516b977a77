using Pv3d.Torch;

namespace Pv3d.Metrics.Fvd;

/// <summary>
/// The official FVD <c>preprocess</c> / <c>preprocess_single</c> (<c>frechet_video_distance/metrics_utils.py</c>):
/// x / 255, bilinear resize (align_corners=False, no antialiasing) so that the shorter side is 224 and the longer
/// ceil(side * 224 / shorter), centre crop 224 x 224, then - 0.5 and x 2 (values in [-1, 1]).
/// </summary>
public static class I3dPreprocess
{
    public const int Resolution = 224;

    /// <param name="videos">[B, T, H, W, 3] RGB in 0..255 (uint8 or float)</param>
    /// <returns>[B, T, 3, 224, 224] float32, the layout <see cref="I3d.InceptionI3d.Forward"/> takes</returns>
    public static Tensor Apply(Tensor videos)
    {
        if (videos.Dim != 5 || videos.Shape[4] != 3)
            throw new ArgumentException($"videos must be [B, T, H, W, 3], got [{string.Join(", ", videos.Shape)}]");
        var (b, t, h, w) = (videos.Shape[0], videos.Shape[1], videos.Shape[2], videos.Shape[3]);
        var x = videos.To(DType.Float32).Permute(0, 1, 4, 2, 3).Reshape(b * t, 3, h, w) / 255.0;
        var scale = (double)Resolution / Math.Min(h, w);
        var size = h < w ? new Pair2d(Resolution, (long)Math.Ceiling(w * scale)) : new Pair2d((long)Math.Ceiling(h * scale), Resolution);
        x = Functional.Interpolate(x, size, InterpolateMode.Bilinear, alignCorners: false);
        var top = (x.Shape[2] - Resolution) / 2;
        var left = (x.Shape[3] - Resolution) / 2;
        x = x.Narrow(2, top, Resolution).Narrow(3, left, Resolution);
        return ((x - 0.5) * 2).Reshape(b, t, 3, Resolution, Resolution);
    }
}
