namespace Pv3d.Faces.Alignment;

/// <summary>
/// A 2D similarity (rotation, uniform scale, translation) mapping output pixel coordinates o to source pixel
/// coordinates s = A o + b, with A = [[a, −c], [c, a]]. Pixel coordinates are continuous, pixel (i, j)'s centre at
/// (j + 0.5, i + 0.5).
/// </summary>
public readonly record struct SimilarityTransform(double A, double C, double Bx, double By)
{
    /// <summary>Source pixels per output pixel.</summary>
    public double Scale => Math.Sqrt(A * A + C * C);

    /// <summary>Rotation in degrees (counter-clockwise in image coordinates with y down = clockwise on screen).</summary>
    public double RotationDegrees => Math.Atan2(C, A) * 180 / Math.PI;

    public (double X, double Y) Apply(double x, double y) => (A * x - C * y + Bx, C * x + A * y + By);

    public SimilarityTransform Inverse()
    {
        var d = A * A + C * C;
        double ia = A / d, ic = -C / d;
        return new SimilarityTransform(ia, ic, -(ia * Bx - ic * By), -(ic * Bx + ia * By));
    }

    /// <summary>This after <paramref name="inner"/>: o ↦ this(inner(o)).</summary>
    public SimilarityTransform After(SimilarityTransform inner) => new(
        A * inner.A - C * inner.C, C * inner.A + A * inner.C,
        A * inner.Bx - C * inner.By + Bx, C * inner.Bx + A * inner.By + By);

    /// <summary>Applies the transform to every row of landmarks [N, 2].</summary>
    public double[,] Apply(double[,] points)
    {
        var result = new double[points.GetLength(0), 2];
        for (var i = 0; i < points.GetLength(0); i++) (result[i, 0], result[i, 1]) = Apply(points[i, 0], points[i, 1]);
        return result;
    }

    public double[] ToArray() => new[] { A, -C, Bx, C, A, By };
}
