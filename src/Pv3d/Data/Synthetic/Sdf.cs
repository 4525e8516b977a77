using System.Numerics;

namespace Pv3d.Data.Synthetic;

/// <summary>Signed distance primitives and combinators.</summary>
public static class Sdf
{
    public static float Sphere(Vector3 p, Vector3 centre, float radius) => Vector3.Distance(p, centre) - radius;

    /// <summary>An ellipsoid's approximate distance (exact on the surface, a good bound near it).</summary>
    public static float Ellipsoid(Vector3 p, Vector3 centre, Vector3 radii)
    {
        var q = p - centre;
        var k0 = (q / radii).Length();
        var k1 = (q / (radii * radii)).Length();
        return k1 > 0 ? k0 * (k0 - 1) / k1 : -MathF.Min(radii.X, MathF.Min(radii.Y, radii.Z));
    }

    /// <summary>A segment from <paramref name="a"/> to <paramref name="b"/> thickened by <paramref name="radius"/>.</summary>
    public static float Capsule(Vector3 p, Vector3 a, Vector3 b, float radius)
    {
        var pa = p - a;
        var ba = b - a;
        var h = Math.Clamp(Vector3.Dot(pa, ba) / ba.LengthSquared(), 0, 1);
        return (pa - h * ba).Length() - radius;
    }

    /// <summary>Union with a rounded blend of width <paramref name="k"/>.</summary>
    public static float SmoothUnion(float a, float b, float k)
    {
        var h = Math.Clamp(0.5f + 0.5f * (b - a) / k, 0, 1);
        return b + (a - b) * h - k * h * (1 - h);
    }
}
