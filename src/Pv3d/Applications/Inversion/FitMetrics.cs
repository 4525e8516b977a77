using System.Text.Json;
using System.Text.Json.Nodes;
using Pv3d.Metrics;
using Pv3d.Torch;

namespace Pv3d.Applications.Inversion;

/// <summary>PSNR (dB) and SSIM of renderings against their targets, per frame and mean, on images in [0, 1] and LPIPS-VGG when its weights are given.</summary>
public sealed record FitMetrics(double[] Psnr, double[] Ssim, double[]? Lpips = null)
{
    public double MeanPsnr => Psnr.Average();
    public double MeanSsim => Ssim.Average();

    /// <summary>
    /// A level this close below the next integer counts as that integer when quantising: an 8-bit image brought to
    /// [−1, 1] in float32 (b / 255 · 2 − 1) lands up to ~1e-5 levels below b, and plain truncation then took about half
    /// its values one level down (identical images scored ~51 dB instead of a perfect score).
    /// </summary>
    public const double LevelTolerance = 1e-3;

    /// <summary>
    /// images and targets [F, 3, H, W] in [−1, 1]; the renderings are quantised to 8 bits first by truncation, as written
    /// to disk (within <see cref="LevelTolerance"/>).
    /// </summary>
    public static FitMetrics Measure(Tensor images, Tensor targets, LpipsVgg? lpips = null)
    {
        using var scope = TensorScope.Enter();
        var a = (((images.Clamp(-1, 1) + 1) * 127.5 + LevelTolerance).Floor().ClampMax(255) / 255).Cpu();
        var b = ((targets + 1) / 2).Cpu();
        double[]? distances = null;
        if (lpips is not null)
        {
            using var noGrad = Autograd.NoGrad();
            distances = lpips.Distance(a * 2 - 1, targets.Cpu()).ToArray<float>().Select(v => (double)v).ToArray();
        }
        return new FitMetrics(ImageSimilarity.Psnr(a, b).ToArray<float>().Select(v => (double)v).ToArray(),
            ImageSimilarity.Ssim(a, b).ToArray<float>().Select(v => (double)v).ToArray(), distances);
    }

    /// <summary>metrics.json: for one frame <c>psnr</c> and <c>ssim</c> as numbers; for several also per-frame lists (<c>psnr_per_frame</c>, <c>ssim_per_frame</c>) with the means as <c>psnr</c>/<c>ssim</c>.</summary>
    public JsonObject ToJson(IReadOnlyDictionary<string, object?>? extra = null)
    {
        var json = new JsonObject { ["psnr"] = Round(MeanPsnr), ["ssim"] = Round(MeanSsim) };
        if (Lpips is not null) json["lpips"] = Round(Lpips.Average());
        if (Psnr.Length > 1)
        {
            json["psnr_per_frame"] = new JsonArray(Psnr.Select(v => (JsonNode?)JsonValue.Create(Round(v))).ToArray());
            json["ssim_per_frame"] = new JsonArray(Ssim.Select(v => (JsonNode?)JsonValue.Create(Round(v))).ToArray());
            if (Lpips is not null) json["lpips_per_frame"] = new JsonArray(Lpips.Select(v => (JsonNode?)JsonValue.Create(Round(v))).ToArray());
        }
        if (extra is not null)
            foreach (var (k, v) in extra) json[k] = JsonSerializer.SerializeToNode(v);
        return json;
    }

    public void Write(string path, IReadOnlyDictionary<string, object?>? extra = null) =>
        File.WriteAllText(path, ToJson(extra).ToJsonString(new JsonSerializerOptions
        {
            WriteIndented = true,
            Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping, // "w+", not "w\u002B"
        }) + "\n");

    private static double Round(double v) => Math.Round(v, 4);
}
