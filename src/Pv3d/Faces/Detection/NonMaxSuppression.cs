namespace Pv3d.Faces.Detection;

/// <summary>
/// Greedy non-maximum suppression as face-api's SSD post-processing does it (<c>ssdMobilenetv1/nonMaxSuppression</c>):
/// candidates above the score threshold in descending score order; a candidate is kept unless its IoU with an
/// already kept box exceeds the IoU threshold; at most <c>maxResults</c> boxes.
/// </summary>
public static class NonMaxSuppression
{
    /// <summary>Indices of the kept boxes. Boxes are (ymin, xmin, ymax, xmax) rows, corners in either order.</summary>
    public static List<int> Select(IReadOnlyList<double[]> boxes, IReadOnlyList<double> scores, int maxResults, double iouThreshold, double scoreThreshold)
    {
        var order = Enumerable.Range(0, scores.Count).Where(i => scores[i] > scoreThreshold)
            .OrderByDescending(i => scores[i]).ThenBy(i => i).ToList();
        var selected = new List<int>();
        var limit = Math.Min(maxResults, boxes.Count);
        foreach (var i in order)
        {
            if (selected.Count >= limit) break;
            var suppressed = selected.Any(j => Iou(boxes[i], boxes[j]) > iouThreshold);
            if (!suppressed) selected.Add(i);
        }
        return selected;
    }

    /// <summary>IoU of two (ymin, xmin, ymax, xmax) boxes; 0 when either has no area.</summary>
    public static double Iou(double[] a, double[] b)
    {
        double ay0 = Math.Min(a[0], a[2]), ax0 = Math.Min(a[1], a[3]), ay1 = Math.Max(a[0], a[2]), ax1 = Math.Max(a[1], a[3]);
        double by0 = Math.Min(b[0], b[2]), bx0 = Math.Min(b[1], b[3]), by1 = Math.Max(b[0], b[2]), bx1 = Math.Max(b[1], b[3]);
        var areaA = (ay1 - ay0) * (ax1 - ax0);
        var areaB = (by1 - by0) * (bx1 - bx0);
        if (areaA <= 0 || areaB <= 0) return 0;
        var inter = Math.Max(Math.Min(ay1, by1) - Math.Max(ay0, by0), 0) * Math.Max(Math.Min(ax1, bx1) - Math.Max(ax0, bx0), 0);
        return inter / (areaA + areaB - inter);
    }
}
