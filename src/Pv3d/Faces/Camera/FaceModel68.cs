using Pv3d.Rendering.Cameras;

namespace Pv3d.Faces.Camera;

/// <summary>
/// A 3D face with the 68 iBUG-300W landmarks, in the generator's world units and axes (+x the subject's left = the
/// frontal camera's right, +y up, +z out of the face; the head near the origin, as the official data frames it).
/// <para>
/// Where the coordinates come from: we place the 68 points on our procedural synthetic heads
/// (<c>src/Pv3d/Data/Synthetic</c>: <c>HeadScene</c>'s geometry, described here by <see cref="FaceShape"/>, which
/// <c>HeadLandmarks</c> fills from a head's <c>HeadParameters</c>): eye contours on ellipses
/// around each eyeball's front (corners at ±1.05 eye radii, lids at ±0.4), brows 1.9 eye radii above the eyes, the
/// nose bridge from eye height down to the tip of the nose ellipsoid and the nostril row under it, the mouth
/// outline and inner lip line around the mouth centre (half-width = the mouth's, lips +0.018 / −0.024), and the jaw
/// contour from the skull's sides at eye height round the jaw ellipsoid to the chin; depths on the skull's front
/// surface. <see cref="Mean"/> uses the midpoints of <c>HeadParameters.Sample</c>'s ranges. It is therefore a
/// cartoon head's layout, not a measured human average: good enough for head rotation (the points that matter most,
/// eyes, nose and mouth corners, sit where a human's do relative to one another), and the synthetic heads give exact
/// ground truth for the accuracy check in docs/faces.md. No third-party face model is used.
/// </para>
/// </summary>
public static class FaceModel68
{
    public const int Count = 68;

    /// <summary>The five points EG3D/Deep3DFaceRecon align with: eye centres (corner midpoints), nose tip, mouth corners.</summary>
    public static Vec3[] FivePoints(IReadOnlyList<Vec3> p) => new[]
    {
        0.5 * (p[36] + p[39]), 0.5 * (p[42] + p[45]), p[30], p[48], p[54],
    };

    /// <summary>The same five points from 2D landmarks [68, 2].</summary>
    public static (double X, double Y)[] FivePoints(double[,] lm) => new[]
    {
        ((lm[36, 0] + lm[39, 0]) / 2, (lm[36, 1] + lm[39, 1]) / 2),
        ((lm[42, 0] + lm[45, 0]) / 2, (lm[42, 1] + lm[45, 1]) / 2),
        (lm[30, 0], lm[30, 1]), (lm[48, 0], lm[48, 1]), (lm[54, 0], lm[54, 1]),
    };

    /// <summary>The mean synthetic head's 68 points.</summary>
    public static IReadOnlyList<Vec3> Mean { get; } = For(new FaceShape(
        Centre: new Vec3(0, 0.035, 0), Radii: new Vec3(0.185, 0.245, 0.225), EyeY: 0.0325, EyeHalfSpacing: 0.0675,
        EyeRadius: 0.0265, NoseLength: 0.055, NoseWidth: 0.027, NoseDepth: 0.0375, MouthY: 0.0325 - 0.14, MouthHalfWidth: 0.0675));

    /// <summary>The 68 points of a head of the given shape (neutral: eyes open, mouth closed, no nod).</summary>
    public static Vec3[] For(FaceShape h)
    {
        double cy = h.Centre.Y, cz = h.Centre.Z;
        double rx = h.Radii.X, ry = h.Radii.Y, rz = h.Radii.Z;
        double FrontZ(double x, double y)
        {
            var dx = x / rx;
            var dy = (y - cy) / ry;
            return cz + rz * Math.Sqrt(Math.Max(0, 1 - dx * dx - dy * dy));
        }
        Vec3 OnFace(double x, double y, double dz = 0) => new(x, y, FrontZ(x, y) + dz);
        var p = new Vec3[Count];

        // Jaw 0-16: from the subject's right side (image left) at about eye height, round the chin, to the left side.
        double jawCy = cy - 0.42 * ry, jawCz = cz + 0.18 * rz, jawRx = h.JawWidth * rx, jawRy = h.JawHeight * ry, jawRz = h.JawWidth * rz;
        var top = h.EyeY - 0.02;
        var chin = jawCy - 0.95 * jawRy;
        for (var k = 0; k <= 16; k++)
        {
            var a = Math.PI * k / 16 - Math.PI / 2;
            var x = 0.92 * rx * Math.Sin(a) * (k is 0 or 16 ? 1 : 0.97);
            var y = top - (top - chin) * Math.Cos(a);
            double dx = x / jawRx, dy = (y - jawCy) / jawRy;
            var zJaw = jawCz + jawRz * Math.Sqrt(Math.Max(0, 1 - dx * dx - dy * dy));
            var zSkull = FrontZ(x, y);
            p[k] = new Vec3(x, y, Math.Max(zJaw, y > jawCy ? zSkull - 0.03 : zJaw) - 0.01);
        }

        // Brows 17-21 (subject's right, image left), 22-26: five points across each, slightly arched.
        var r = h.EyeRadius;
        for (var side = 0; side < 2; side++)
        {
            var ex = (side == 0 ? -1 : 1) * h.EyeHalfSpacing;
            for (var k = 0; k < 5; k++)
            {
                var t = (k - 2) / 2.0;                      // -1 .. 1, image left to right
                var x = ex + 1.35 * r * t;
                var y = h.EyeY + 1.9 * r + 0.35 * r * (1 - t * t);
                p[17 + 5 * side + k] = OnFace(x, y, -0.004);
            }
        }

        // Nose bridge 27-30 from between the eyes to the tip; nostrils 31-35 under it.
        var noseCy = h.EyeY - 0.5 * h.NoseLength - 0.015;
        var noseCz = FrontZ(0, noseCy) + 0.25 * h.NoseDepth;
        var tipY = noseCy - 0.15 * h.NoseLength;
        var tip = new Vec3(0, tipY, noseCz + h.NoseDepth * Math.Sqrt(1 - 0.3 * 0.3));
        var bridgeTop = OnFace(0, h.EyeY + 0.2 * r);
        for (var k = 0; k < 4; k++)
        {
            var t = k / 3.0;
            p[27 + k] = new Vec3(0, bridgeTop.Y + (tip.Y - bridgeTop.Y) * t, bridgeTop.Z + (tip.Z - bridgeTop.Z) * Math.Sqrt(t));
        }
        var nostrilY = noseCy - 0.5 * h.NoseLength;
        for (var k = 0; k < 5; k++)
        {
            var t = (k - 2) / 2.0;
            var x = 1.1 * h.NoseWidth * t;
            p[31 + k] = new Vec3(x, nostrilY + 0.15 * h.NoseLength * Math.Abs(t), noseCz + 0.45 * h.NoseDepth * (1 - 0.6 * t * t));
        }

        // Eyes 36-41 (subject's right) and 42-47: corner, two upper-lid points, corner, two lower-lid points, in
        // image-left-to-right order along the upper lid (iBUG's order).
        for (var side = 0; side < 2; side++)
        {
            var ex = (side == 0 ? -1 : 1) * h.EyeHalfSpacing;
            var eyeFront = FrontZ(ex, h.EyeY) - 0.55 * r + r;   // the eyeball's front
            var pts = new (double T, double Lid)[] { (-1, 0), (-0.35, 1), (0.35, 1), (1, 0), (0.35, -1), (-0.35, -1) };
            for (var k = 0; k < 6; k++)
            {
                var (t, lid) = pts[k];
                var x = ex + 1.05 * r * t;
                var y = h.EyeY + 0.4 * r * lid * Math.Sqrt(1 - t * t * 0.5);
                p[36 + 6 * side + k] = new Vec3(x, y, eyeFront - 0.6 * r * t * t);
            }
        }

        // Mouth: outer 48-59 (corner, five upper-lip points, corner, five lower-lip points back), inner 60-67.
        var mw = h.MouthHalfWidth;
        var my = h.MouthY;
        for (var k = 0; k < 12; k++)
        {
            double t, dy;
            if (k <= 6) { t = -1 + k / 3.0; dy = 0.018 * Math.Sqrt(Math.Max(0, 1 - t * t)) * (Math.Abs(t) < 0.2 ? 0.8 : 1); }
            else { t = 1 - (k - 6) / 3.0; dy = -0.024 * Math.Sqrt(Math.Max(0, 1 - t * t)); }
            p[48 + k] = OnFace(mw * t, my + dy, 0.004 - 0.012 * t * t);
        }
        var inner = new (double T, double Dy)[] { (-0.85, 0), (-0.4, 0.004), (0, 0.004), (0.4, 0.004), (0.85, 0), (0.4, -0.004), (0, -0.004), (-0.4, -0.004) };
        for (var k = 0; k < 8; k++) p[60 + k] = OnFace(mw * inner[k].T, my + inner[k].Dy, 0.002 - 0.012 * inner[k].T * inner[k].T);
        return p;
    }
}

/// <summary>
/// The measurements of a synthetic head that place its landmarks (world units; see <c>HeadParameters</c>): skull
/// ellipsoid centre and radii, eye height, half spacing and radius, nose length/width/depth, mouth height and half width,
/// and the jaw ellipsoid's radii as fractions of the skull's.
/// </summary>
public sealed record FaceShape(Vec3 Centre, Vec3 Radii, double EyeY, double EyeHalfSpacing, double EyeRadius,
    double NoseLength, double NoseWidth, double NoseDepth, double MouthY, double MouthHalfWidth, double JawWidth = 0.78, double JawHeight = 0.6);
