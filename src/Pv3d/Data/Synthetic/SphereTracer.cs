using System.Numerics;
using Pv3d.Rendering.Cameras;
using Pv3d.Video;

namespace Pv3d.Data.Synthetic;

/// <summary>
/// Renders an <see cref="ISdfScene"/> by sphere tracing from a dataset camera (OpenCV cam2world, normalised
/// intrinsics, pixel centres at (column + 0.5)/W, (row + 0.5)/H like the generator's ray sampler), with
/// ambient plus Lambert shading from the scene's directional light. Rows are traced in parallel; every pixel is a pure
/// function of its ray, so results do not depend on the thread count.
/// </summary>
public static class SphereTracer
{
    public const int MaxSteps = 96;
    private const float HitEpsilon = 2e-4f;
    public const float DefaultAmbient = 0.35f;
    private const float Diffuse = 0.75f;

    /// <summary>Default direction towards the light (world space): up, front and a little to the left of the face.</summary>
    public static Vector3 LightDirection { get; } = Vector3.Normalize(new Vector3(-0.35f, 0.55f, 1f));

    /// <summary>Renders one frame into <paramref name="target"/> ([H, W, 3] bytes) at <paramref name="width"/> x <paramref name="height"/>.</summary>
    public static void Render(ISdfScene scene, Camera camera, int width, int height, Span<byte> target)
    {
        if (width < 1 || height < 1) throw new ArgumentOutOfRangeException(nameof(width), "image size must be positive");
        if (target.Length != width * height * 3) throw new ArgumentException($"target has {target.Length} bytes, expected {width * height * 3}", nameof(target));
        var origin = ToVector(camera.Position);
        var pixels = new byte[width * height * 3];
        Parallel.For(0, height, row =>
        {
            for (var column = 0; column < width; column++)
            {
                var colour = Shade(scene, origin, RayDirection(camera, column, row, width, height));
                var o = (row * width + column) * 3;
                pixels[o] = ToByte(colour.X);
                pixels[o + 1] = ToByte(colour.Y);
                pixels[o + 2] = ToByte(colour.Z);
            }
        });
        pixels.CopyTo(target);
    }

    /// <summary>One frame as a single-frame <see cref="RgbFrames"/>.</summary>
    public static RgbFrames Render(ISdfScene scene, Camera camera, int width, int height)
    {
        var frames = new RgbFrames(1, height, width);
        Render(scene, camera, width, height, frames.Frame(0));
        return frames;
    }

    /// <summary>
    /// Depth per pixel ([H, W], row-major): the distance along the unit ray to the first hit (the generator's
    /// depth convention), +∞ where the ray misses.
    /// </summary>
    public static float[] RenderDepth(ISdfScene scene, Camera camera, int width, int height)
    {
        if (width < 1 || height < 1) throw new ArgumentOutOfRangeException(nameof(width), "image size must be positive");
        var origin = ToVector(camera.Position);
        var depth = new float[width * height];
        Parallel.For(0, height, row =>
        {
            for (var column = 0; column < width; column++)
                depth[row * width + column] = Trace(scene, origin, RayDirection(camera, column, row, width, height)) ?? float.PositiveInfinity;
        });
        return depth;
    }

    /// <summary>The unit world direction of the ray through the centre of pixel (column, row).</summary>
    public static Vector3 RayDirection(Camera camera, int column, int row, int width, int height)
    {
        var x = ((column + 0.5) / width - camera.K(0, 2)) / camera.K(0, 0);
        var y = ((row + 0.5) / height - camera.K(1, 2)) / camera.K(1, 1);
        return Vector3.Normalize((float)x * ToVector(camera.Axis(0)) + (float)y * ToVector(camera.Axis(1)) + ToVector(camera.Axis(2)));
    }

    /// <summary>Distance along the ray to the first surface hit, or null when the ray misses.</summary>
    public static float? Trace(ISdfScene scene, Vector3 origin, Vector3 dir)
    {
        if (!EnterBounds(scene, origin, dir, out var t, out var tEnd)) return null;
        for (var step = 0; step < MaxSteps && t <= tEnd; step++)
        {
            var d = scene.Distance(origin + t * dir);
            if (d < HitEpsilon * (1 + t)) return t;
            t += d;
        }
        return null;
    }

    private static Vector3 Shade(ISdfScene scene, Vector3 origin, Vector3 dir)
    {
        if (Trace(scene, origin, dir) is not { } t) return scene.Background;
        var p = origin + t * dir;
        var n = Normal(scene, p);
        var lambert = MathF.Max(0, Vector3.Dot(n, scene.LightDirection));
        return scene.Albedo(p) * (scene.Ambient + Diffuse * lambert);
    }

    /// <summary>Surface normal by the tetrahedral finite-difference gradient of the distance.</summary>
    public static Vector3 Normal(ISdfScene scene, Vector3 p)
    {
        const float h = 1e-3f;
        var a = new Vector3(1, -1, -1);
        var b = new Vector3(-1, -1, 1);
        var c = new Vector3(-1, 1, -1);
        var d = new Vector3(1, 1, 1);
        var g = a * scene.Distance(p + h * a) + b * scene.Distance(p + h * b) + c * scene.Distance(p + h * c) + d * scene.Distance(p + h * d);
        return g.LengthSquared() > 0 ? Vector3.Normalize(g) : Vector3.Zero;
    }

    private static bool EnterBounds(ISdfScene scene, Vector3 origin, Vector3 dir, out float tStart, out float tEnd)
    {
        var oc = origin - scene.BoundsCentre;
        var b = Vector3.Dot(oc, dir);
        var c = oc.LengthSquared() - scene.BoundsRadius * scene.BoundsRadius;
        var disc = b * b - c;
        tStart = tEnd = 0;
        if (disc < 0) return false;
        var root = MathF.Sqrt(disc);
        tStart = MathF.Max(0, -b - root);
        tEnd = -b + root;
        return tEnd > 0;
    }

    private static Vector3 ToVector(Vec3 v) => new((float)v.X, (float)v.Y, (float)v.Z);

    private static byte ToByte(float value) => (byte)Math.Clamp((int)MathF.Round(value * 255f), 0, 255);
}
