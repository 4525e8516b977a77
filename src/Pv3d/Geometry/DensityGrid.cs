namespace Pv3d.Geometry;

/// <summary>
/// Scalar samples on a regular 3D grid: value (i, j, k) sits at <c>origin + (i, j, k) · spacing</c> and is stored at
/// <c>(i · NY + j) · NZ + k</c> (k fastest), the order of <c>meshgrid(xs, ys, zs, indexing="ij")</c> flattened, which is
/// how the official PV3D render code lays out its density samples.
/// </summary>
public sealed class DensityGrid
{
    public DensityGrid(int nx, int ny, int nz, float[] values, (double X, double Y, double Z) origin, double spacing)
    {
        if (nx < 2 || ny < 2 || nz < 2) throw new ArgumentException($"a grid needs at least 2 samples per axis, got {nx}x{ny}x{nz}");
        if (values.Length != (long)nx * ny * nz) throw new ArgumentException($"{nx}x{ny}x{nz} grid needs {(long)nx * ny * nz} values, got {values.Length}");
        if (!(spacing > 0)) throw new ArgumentException($"grid spacing must be positive, got {spacing}");
        NX = nx;
        NY = ny;
        NZ = nz;
        Values = values;
        Origin = origin;
        Spacing = spacing;
    }

    public int NX { get; }
    public int NY { get; }
    public int NZ { get; }
    public float[] Values { get; }
    public (double X, double Y, double Z) Origin { get; }
    public double Spacing { get; }

    public float this[int i, int j, int k] => Values[((long)i * NY + j) * NZ + k];

    /// <summary>
    /// A cube of side <paramref name="n"/> samples spanning [lo, hi]³ inclusive (spacing (hi − lo)/(n − 1)), filled by
    /// <paramref name="field"/>.
    /// </summary>
    public static DensityGrid Cube(int n, double lo, double hi, Func<double, double, double, double> field)
    {
        var spacing = (hi - lo) / (n - 1);
        var values = new float[(long)n * n * n];
        Parallel.For(0, n, i =>
        {
            for (var j = 0; j < n; j++)
                for (var k = 0; k < n; k++)
                    values[((long)i * n + j) * n + k] = (float)field(lo + i * spacing, lo + j * spacing, lo + k * spacing);
        });
        return new DensityGrid(n, n, n, values, (lo, lo, lo), spacing);
    }

    /// <summary>The world positions of a cube grid's samples in storage order, as [n³ · 3] floats (x, y, z per sample).</summary>
    public static float[] CubeCoordinates(int n, double lo, double hi)
    {
        var spacing = (hi - lo) / (n - 1);
        var xyz = new float[(long)n * n * n * 3];
        for (var i = 0; i < n; i++)
            for (var j = 0; j < n; j++)
                for (var k = 0; k < n; k++)
                {
                    var p = (((long)i * n + j) * n + k) * 3;
                    xyz[p] = (float)(lo + i * spacing);
                    xyz[p + 1] = (float)(lo + j * spacing);
                    xyz[p + 2] = (float)(lo + k * spacing);
                }
        return xyz;
    }

    /// <summary>
    /// EG3D's border handling for shape export: the outermost <paramref name="cells"/> samples on every side are set to
    /// <paramref name="value"/> (EG3D uses 30 · N / 256 samples and −1000), so surfaces touching the box are closed.
    /// </summary>
    public void FillBorder(int cells, float value = -1000)
    {
        if (cells <= 0) return;
        for (var i = 0; i < NX; i++)
            for (var j = 0; j < NY; j++)
                for (var k = 0; k < NZ; k++)
                    if (i < cells || j < cells || k < cells || i >= NX - cells || j >= NY - cells || k >= NZ - cells)
                        Values[((long)i * NY + j) * NZ + k] = value;
    }
}
