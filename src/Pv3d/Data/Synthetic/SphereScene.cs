using System.Numerics;

namespace Pv3d.Data.Synthetic;

/// <summary>A single uniformly coloured sphere (a scene with closed-form silhouettes, for checking the tracer).</summary>
public sealed class SphereScene(Vector3 centre, float radius, Vector3 colour, Vector3 background) : ISdfScene
{
    public float Distance(Vector3 p) => Vector3.Distance(p, centre) - radius;
    public Vector3 Albedo(Vector3 p) => colour;
    public Vector3 Background => background;
    public Vector3 BoundsCentre => centre;
    public float BoundsRadius => radius * 1.01f + 1e-3f;
}
