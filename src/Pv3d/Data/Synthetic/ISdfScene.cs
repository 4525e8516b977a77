using System.Numerics;

namespace Pv3d.Data.Synthetic;

/// <summary>A scene described by a signed distance function, with a surface colour and a background colour.</summary>
public interface ISdfScene
{
    /// <summary>Signed distance (or a lower bound of it) from <paramref name="p"/> to the surface; negative inside.</summary>
    float Distance(Vector3 p);

    /// <summary>Surface colour (linear RGB in [0, 1]) at a point on the surface.</summary>
    Vector3 Albedo(Vector3 p);

    /// <summary>Colour of rays that hit nothing.</summary>
    Vector3 Background { get; }

    /// <summary>A sphere holding the whole surface; rays that miss it are background without marching.</summary>
    Vector3 BoundsCentre { get; }

    float BoundsRadius { get; }

    /// <summary>Unit direction towards the key light (world space).</summary>
    Vector3 LightDirection => SphereTracer.LightDirection;

    /// <summary>Ambient light level (the key light adds Lambert shading on top).</summary>
    float Ambient => SphereTracer.DefaultAmbient;
}
