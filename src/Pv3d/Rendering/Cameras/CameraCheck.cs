using System.Globalization;

namespace Pv3d.Rendering.Cameras;

/// <summary>
/// Rejects cameras that cannot be rendered meaningfully: a 25-number camera is a row-major 4x4 cam2world matrix
/// (rotation columns, then the camera position) and 3x3 normalised intrinsics. An all-zero matrix, a rotation that is
/// not orthonormal or a camera at the origin would silently give a black or garbled video.
/// </summary>
public static class CameraCheck
{
    /// <summary>How far RᵀR may be from the identity (float32 files written by the official tools are within 1e-5).</summary>
    public const double OrthonormalTolerance = 1e-2;

    /// <summary>Checks the camera at <paramref name="offset"/> of <paramref name="values"/>; <paramref name="where"/> names it in the message.</summary>
    public static void RequireValid(ReadOnlySpan<float> values, int offset, string where)
    {
        var c = values.Slice(offset, Camera.Length);
        for (var i = 0; i < c.Length; i++)
            if (!float.IsFinite(c[i])) throw new Pv3dException($"{where}: camera number {i} is not finite ({c[i]})");
        var worst = 0.0;
        for (var a = 0; a < 3; a++)
        for (var b = 0; b < 3; b++)
        {
            double dot = 0;
            for (var r = 0; r < 3; r++) dot += (double)c[4 * r + a] * c[4 * r + b];
            worst = Math.Max(worst, Math.Abs(dot - (a == b ? 1 : 0)));
        }
        if (worst > OrthonormalTolerance)
            throw new Pv3dException(string.Create(CultureInfo.InvariantCulture,
                $"{where}: the cam2world rotation (numbers 0-2, 4-6, 8-10) is not orthonormal (RᵀR differs from the identity by {worst:0.###}); an all-zero or scaled matrix renders nothing"));
        var radius = Math.Sqrt((double)c[3] * c[3] + (double)c[7] * c[7] + (double)c[11] * c[11]);
        if (radius < 1e-6) throw new Pv3dException($"{where}: the camera sits at the origin (radius 0, numbers 3, 7, 11), inside the head");
        if (!(c[16] > 0 && c[20] > 0)) throw new Pv3dException($"{where}: the focal lengths (numbers 16 and 20) must be positive, got {c[16]} and {c[20]}");
    }

    /// <summary>Checks every 25-number row of <paramref name="rows"/>; a bad row is named by its index.</summary>
    public static void RequireValidRows(float[] rows, string where)
    {
        for (var i = 0; i + Camera.Length <= rows.Length; i += Camera.Length)
            RequireValid(rows, i, $"{where}, row {i / Camera.Length}");
    }
}
