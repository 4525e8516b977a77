using Pv3d.Torch;
using Pv3d.Torch.IO;
using Pv3d.Torch.IO.Pickle;

namespace Pv3d.Metrics.Fvd;

/// <summary>
/// Running feature statistics, as the official <c>FeatureStats</c>
/// (<c>lib/utils/frechet_video_distance/metrics_utils.py</c>): features are cast to float32, then summed in
/// float64 (<c>raw_mean += Σx</c>, <c>raw_cov += xᵀx</c>); mean = raw_mean / N and cov = raw_cov / N - mean meanᵀ
/// (biased). Appending stops at <see cref="MaxItems"/> (the last batch is cut, as the official <c>append</c>).
/// We never keep all features (<c>capture_all</c>): FVD needs only the mean and covariance.
/// Files: the official pickle of <c>FeatureStats.__dict__</c> (read safely, never executed) or our NPZ with the
/// same fields (<c>capture_all</c>, <c>capture_mean_cov</c>, <c>max_items</c> (-1 for None), <c>num_items</c>,
/// <c>num_features</c>, <c>all_features</c> [0, F], <c>raw_mean</c> [F] f64, <c>raw_cov</c> [F, F] f64).
/// </summary>
public sealed class FeatureStats
{
    public FeatureStats(long? maxItems = null) => MaxItems = maxItems;

    public long? MaxItems { get; }
    public long NumItems { get; private set; }
    public int? NumFeatures { get; private set; }

    /// <summary>Σx in float64, [F] (null before the first append).</summary>
    public double[]? RawMean { get; private set; }

    /// <summary>Σxᵀx in float64, [F*F] row-major.</summary>
    public double[]? RawCov { get; private set; }

    public bool IsFull => MaxItems is { } m && NumItems >= m;

    /// <summary>Adds a batch of features [N, F] (any float dtype; cast to float32 first like the official code).</summary>
    public void Append(Tensor features)
    {
        if (features.Dim != 2) throw new ArgumentException($"features must be [N, F], got [{string.Join(", ", features.Shape)}]");
        using var scope = TensorScope.Enter();
        var x = features.Detach().Cpu().To(DType.Float32);
        var rows = x.Shape[0];
        if (MaxItems is { } max && NumItems + rows > max)
        {
            if (NumItems >= max) return;
            x = x.Narrow(0, 0, max - NumItems);
            rows = x.Shape[0];
        }
        var f = (int)x.Shape[1];
        if (NumFeatures is { } known && known != f)
            throw new Pv3dException($"feature statistics hold {known} features per item, a batch has {f}");
        if (NumFeatures is null)
        {
            NumFeatures = f;
            RawMean = new double[f];
            RawCov = new double[f * f];
        }
        NumItems += rows;
        var x64 = x.To(DType.Float64);
        var sum = x64.Sum(0).ToArray<double>();
        var cov = x64.T().Matmul(x64).ToArray<double>();
        for (var i = 0; i < f; i++) RawMean![i] += sum[i];
        for (var i = 0; i < cov.Length; i++) RawCov![i] += cov[i];
    }

    /// <summary>mean [F] and the biased covariance [F*F], as the official <c>get_mean_cov</c>.</summary>
    public (double[] Mean, double[] Cov) GetMeanCov()
    {
        if (RawMean is null || RawCov is null || NumItems == 0) throw new Pv3dException("feature statistics are empty (no videos were read)");
        var n = RawMean.Length;
        var mean = RawMean.Select(v => v / NumItems).ToArray();
        var cov = new double[n * n];
        for (var i = 0; i < n; i++)
            for (var j = 0; j < n; j++)
                cov[i * n + j] = RawCov[i * n + j] / NumItems - mean[i] * mean[j];
        return (mean, cov);
    }

    /// <summary>Writes our NPZ (atomically).</summary>
    public void Save(string path)
    {
        if (RawMean is null || RawCov is null) throw new Pv3dException($"{path}: no statistics to save (no videos were read)");
        var f = RawMean.Length;
        using var scope = TensorScope.Enter();
        var arrays = new Dictionary<string, Tensor>
        {
            ["capture_all"] = Tensor.Scalar(0, DType.Bool),
            ["capture_mean_cov"] = Tensor.Scalar(1, DType.Bool),
            ["max_items"] = Tensor.Scalar(MaxItems ?? -1, DType.Int64),
            ["num_items"] = Tensor.Scalar(NumItems, DType.Int64),
            ["num_features"] = Tensor.Scalar(f, DType.Int64),
            ["all_features"] = Tensor.Zeros(new long[] { 0, f }, DType.Float32),
            ["raw_mean"] = Tensor.FromArray(RawMean, f),
            ["raw_cov"] = Tensor.FromArray(RawCov, f, f),
        };
        Npz.Save(path, arrays);
    }

    /// <summary>Reads the official pickle or our NPZ (told apart by their first bytes).</summary>
    public static FeatureStats Load(string path)
    {
        if (!File.Exists(path)) throw new Pv3dException($"{path}: statistics file not found");
        var head = new byte[2];
        using (var s = File.OpenRead(path)) s.ReadAtLeast(head, 2, throwOnEndOfStream: false);
        return head[0] == 'P' && head[1] == 'K' ? LoadNpz(path) : LoadPickle(path);
    }

    private static FeatureStats LoadNpz(string path)
    {
        using var scope = TensorScope.Enter();
        var arrays = Npz.Load(path);
        Tensor Field(string name) => arrays.TryGetValue(name, out var t) ? t : throw new Pv3dException($"{path}: statistics file lacks '{name}'");
        var maxItems = (long)Field("max_items").To(DType.Float64).ToArray<double>()[0];
        var stats = new FeatureStats(maxItems < 0 ? null : maxItems);
        stats.Fill(path, (long)Field("num_items").To(DType.Float64).ToArray<double>()[0],
            Field("raw_mean").To(DType.Float64).ToArray<double>(), Field("raw_mean").Shape,
            Field("raw_cov").To(DType.Float64).ToArray<double>(), Field("raw_cov").Shape);
        return stats;
    }

    private static FeatureStats LoadPickle(string path)
    {
        var root = Unpickler.LoadFile(path);
        if (FindForeign(root) is { } foreign)
            throw new Pv3dException($"{path}: refused: the pickle asks for {foreign}, which a feature-statistics file never contains (it may be malicious; nothing was run)");
        if (root is not Dictionary<object, object?> d)
            throw new Pv3dException($"{path}: not a feature-statistics pickle (expected the dict of FeatureStats fields)");
        object? Field(string name) => d.TryGetValue(name, out var v) ? v : throw new Pv3dException($"{path}: statistics pickle lacks '{name}'");
        if (Field("capture_mean_cov") is not true) throw new Pv3dException($"{path}: statistics were saved without capture_mean_cov, so they hold no mean and covariance");
        var maxItems = Field("max_items") switch { null => (long?)null, long v => v, var v => throw new Pv3dException($"{path}: max_items is {v}, not an integer") };
        var numItems = Field("num_items") is long n ? n : throw new Pv3dException($"{path}: num_items is not an integer");
        var mean = Field("raw_mean") as NumpyArray ?? throw new Pv3dException($"{path}: raw_mean is not a numpy array");
        var cov = Field("raw_cov") as NumpyArray ?? throw new Pv3dException($"{path}: raw_cov is not a numpy array");
        var stats = new FeatureStats(maxItems);
        stats.Fill(path, numItems, mean.ToDoubleArray(), mean.Shape, cov.ToDoubleArray(), cov.Shape);
        return stats;
    }

    private void Fill(string path, long numItems, double[] mean, long[] meanShape, double[] cov, long[] covShape)
    {
        if (meanShape.Length != 1 || covShape.Length != 2 || covShape[0] != meanShape[0] || covShape[1] != meanShape[0])
            throw new Pv3dException($"{path}: raw_mean [{string.Join(", ", meanShape)}] and raw_cov [{string.Join(", ", covShape)}] do not fit ([F] and [F, F])");
        if (numItems <= 0) throw new Pv3dException($"{path}: num_items is {numItems}; the statistics are empty");
        NumItems = numItems;
        NumFeatures = mean.Length;
        RawMean = mean;
        RawCov = cov;
    }

    // The first class or function the pickle names, anywhere in the structure (statistics files are plain data).
    private static string? FindForeign(object? value, int depth = 0)
    {
        if (depth > 64) return "a structure nested too deeply";
        switch (value)
        {
            case PickleObject p: return p.FullName;
            case PickleGlobal g: return g.FullName;
            case Dictionary<object, object?> d:
                foreach (var (k, v) in d)
                    if ((FindForeign(k, depth + 1) ?? FindForeign(v, depth + 1)) is { } f) return f;
                return null;
            case System.Collections.IEnumerable items and not string and not byte[]:
                foreach (var item in items)
                    if (FindForeign(item, depth + 1) is { } f) return f;
                return null;
            default: return null;
        }
    }
}
