namespace Pv3d.Metrics.Identity;

/// <summary>
/// The official ID score (<c>lib/utils/identity_distance/script.py</c>): per video, the 4 multi-view frames
/// (front t0, side t1, side t0, front t1) give 4 unit-length features; the score is the mean of the dot products
/// (cosine similarities) of the pairs [[0, 2], [3, 1], [0, 1], [3, 2], [0, 3], [2, 1]] over all videos.
/// </summary>
public static class IdentityScore
{
    public static readonly int[][] Pairs = { [0, 2], [3, 1], [0, 1], [3, 2], [0, 3], [2, 1] };

    /// <summary>Similarities of one video's pairs, in <see cref="Pairs"/> order.</summary>
    /// <param name="features">[4 * featureSize] row-major, one unit-length row per frame</param>
    public static double[] PairSimilarities(double[] features, int featureSize)
    {
        if (features.Length != 4 * featureSize) throw new ArgumentException($"expected 4 x {featureSize} features, got {features.Length} values");
        return Pairs.Select(p =>
        {
            double dot = 0;
            for (var i = 0; i < featureSize; i++) dot += features[p[0] * featureSize + i] * features[p[1] * featureSize + i];
            return dot;
        }).ToArray();
    }

    /// <summary>Mean over every pair of every video (the official <c>np.mean(scores)</c>).</summary>
    public static double MeanPairSimilarity(IReadOnlyList<double[]> videos, int featureSize) =>
        videos.SelectMany(v => PairSimilarities(v, featureSize)).Average();
}
