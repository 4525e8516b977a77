using System.Numerics;

namespace Pv3d.Data.Synthetic;

/// <summary>
/// A procedurally modelled head in one <see cref="HeadState"/>: skull and jaw ellipsoids, neck, nose, ears,
/// eyeballs with irises under eyelids that close with the blink, eyebrows, lips around a mouth cavity that
/// opens, and a hair cap over the top and back. The whole head nods about a pivot at the top of the neck.
/// </summary>
public sealed class HeadScene : ISdfScene
{
    private enum Material { Skin, Lid, Hair, Eye, Lip, MouthInside }

    private static readonly Vector3 NodPivot = new(0, -0.2f, -0.02f);

    private readonly Vector3 _centre, _radii, _jawCentre, _jawRadii, _noseCentre, _noseRadii, _earRadii;
    private readonly Vector3 _hairRadii, _browRadii, _cavityCentre, _cavityRadii, _upperLip, _lowerLip, _lipRadii;
    private readonly Vector3[] _ears, _eyes, _brows;
    private readonly float _beardTop;
    private readonly float _eyeRadius, _lidRadius, _lidCut, _hairA, _hairB, _hairNorm;
    private readonly Matrix4x4 _toHead;
    private readonly Vector3 _skin, _lid, _hair, _iris, _lip, _mouthInside;

    public HeadScene(HeadParameters head, HeadState state)
    {
        Parameters = head;
        State = state;
        _centre = V(head.Centre);
        _radii = V(head.Radii);
        _jawCentre = _centre + new Vector3(0, -0.42f * _radii.Y, 0.18f * _radii.Z);
        _jawRadii = new Vector3(head.JawWidth * _radii.X, head.JawHeight * _radii.Y, head.JawWidth * _radii.Z);

        _eyeRadius = head.EyeRadius;
        _lidRadius = head.EyeRadius * 1.15f;
        _eyes = new[] { -1f, 1f }.Select(s =>
            new Vector3(s * head.EyeHalfSpacing, head.EyeY, FrontZ(s * head.EyeHalfSpacing, head.EyeY) - 0.55f * head.EyeRadius)).ToArray();
        _lidCut = head.EyeY + head.EyeRadius * (0.6f - 1.9f * state.Blink);
        _brows = _eyes.Select(e => new Vector3(e.X, e.Y + 1.9f * head.EyeRadius, FrontZ(e.X, e.Y + 1.9f * head.EyeRadius) - 0.004f)).ToArray();
        _browRadii = new Vector3(1.35f * head.EyeRadius, head.BrowThickness, 0.012f);

        var noseY = head.EyeY - 0.5f * head.NoseLength - 0.015f;
        _noseCentre = new Vector3(0, noseY, FrontZ(0, noseY) + 0.25f * head.NoseDepth);
        _noseRadii = new Vector3(head.NoseWidth, 0.5f * head.NoseLength, head.NoseDepth);

        _ears = new[] { -1f, 1f }.Select(s => new Vector3(s * 0.97f * _radii.X, head.EyeY - 0.025f, _centre.Z - 0.02f)).ToArray();
        _earRadii = new Vector3(0.022f, 0.05f, 0.032f);

        // The opening is exaggerated (about twice a real mouth's, relative to the head) so that talking stays
        // visible in 64² frames, where a realistic mouth is a few pixels wide.
        var open = 0.004f + 0.046f * state.MouthOpen;
        var mouthZ = FrontZ(0, head.MouthY);
        _cavityCentre = new Vector3(0, head.MouthY - 0.35f * open, mouthZ);
        _cavityRadii = new Vector3(head.MouthHalfWidth, open, 0.05f);
        _lipRadii = new Vector3(1.08f * head.MouthHalfWidth, 0.012f, 0.018f);
        _upperLip = new Vector3(0, head.MouthY + 0.55f * open + 0.004f, mouthZ - 0.008f);
        _lowerLip = new Vector3(0, head.MouthY - 1.2f * open - 0.004f, mouthZ - 0.008f);

        _hairRadii = _radii + new Vector3(head.HairThickness);
        var front = _centre.Z + _radii.Z;
        var back = _centre.Z - _radii.Z;
        _hairB = (head.HairFrontY - head.HairBackY) / (front - back);
        _hairA = head.HairFrontY - _hairB * front;
        _hairNorm = 1 / MathF.Sqrt(1 + _hairB * _hairB);

        // World to head coordinates: undo the nod (a rotation about x through the pivot).
        _toHead = Matrix4x4.CreateTranslation(-NodPivot) * Matrix4x4.CreateRotationX(state.Nod) * Matrix4x4.CreateTranslation(NodPivot);

        _skin = V(head.SkinColour);
        _lid = _skin * 0.88f;
        _hair = V(head.HairColour);
        _iris = V(head.IrisColour);
        _lip = V(head.LipColour);
        _mouthInside = new Vector3(0.28f, 0.06f, 0.07f);
        Background = V(head.BackgroundColour);
        LightDirection = Vector3.Normalize(V(head.LightDirection));
        Ambient = head.Ambient;
        // The beard covers skin below a line that runs from under the nose down to below the mouth corners; the
        // larger the beard, the higher the line (a full beard joins a moustache).
        _beardTop = head.MouthY + 0.035f * head.Beard - 0.03f;
    }

    public HeadParameters Parameters { get; }
    public HeadState State { get; }
    public Vector3 Background { get; }
    public Vector3 LightDirection { get; }
    public float Ambient { get; }
    public Vector3 BoundsCentre => new(0, -0.05f, 0);
    public float BoundsRadius => 0.62f;

    public float Distance(Vector3 p) => Evaluate(p, out _);

    public Vector3 Albedo(Vector3 p)
    {
        Evaluate(p, out var material);
        switch (material)
        {
            case Material.Lid: return _lid;
            case Material.Hair: return _hair;
            case Material.Lip: return _lip;
            case Material.MouthInside: return _mouthInside;
            case Material.Eye:
                var q = Vector3.Transform(p, _toHead);
                var eye = q.X < 0 ? _eyes[0] : _eyes[1];
                var facing = Vector3.Normalize(q - eye).Z;
                return facing > 0.93f ? new Vector3(0.03f) : facing > 0.78f ? _iris : new Vector3(0.93f, 0.92f, 0.88f);
            default:
                return Parameters.Beard > 0 && IsBeard(Vector3.Transform(p, _toHead)) ? _hair : _skin;
        }
    }

    /// <summary>
    /// Whether a skin point (head coordinates) lies under the beard: on the front of the lower face, below the
    /// beard line (which dips towards the cheeks), above the neck.
    /// </summary>
    private bool IsBeard(Vector3 q)
    {
        if (q.Z < _centre.Z + 0.2f * _radii.Z) return false;
        var line = _beardTop + 0.5f * MathF.Abs(q.X) * (1 - Parameters.Beard);
        var chin = _jawCentre.Y - 1.05f * _jawRadii.Y;
        return q.Y < line && q.Y > chin - 0.01f;
    }

    /// <summary>Where the skull ellipsoid's front surface lies at (x, y) in head coordinates.</summary>
    private float FrontZ(float x, float y)
    {
        var dx = x / _radii.X;
        var dy = (y - _centre.Y) / _radii.Y;
        return _centre.Z + _radii.Z * MathF.Sqrt(MathF.Max(0, 1 - dx * dx - dy * dy));
    }

    private float Evaluate(Vector3 world, out Material material)
    {
        var p = Vector3.Transform(world, _toHead);
        var skin = Sdf.SmoothUnion(Sdf.Ellipsoid(p, _centre, _radii), Sdf.Ellipsoid(p, _jawCentre, _jawRadii), 0.05f);
        skin = Sdf.SmoothUnion(skin, Sdf.Capsule(p, new Vector3(0, -0.15f, _centre.Z - 0.04f), new Vector3(0, -0.6f, _centre.Z - 0.06f), 0.085f), 0.04f);
        skin = Sdf.SmoothUnion(skin, Sdf.Ellipsoid(p, _noseCentre, _noseRadii), 0.02f);
        var ear = MathF.Min(Sdf.Ellipsoid(p, _ears[0], _earRadii), Sdf.Ellipsoid(p, _ears[1], _earRadii));
        skin = Sdf.SmoothUnion(skin, ear, 0.01f);

        var lips = MathF.Min(Sdf.Ellipsoid(p, _upperLip, _lipRadii), Sdf.Ellipsoid(p, _lowerLip, _lipRadii));
        var face = Sdf.SmoothUnion(skin, lips, 0.008f);
        material = lips < skin ? Material.Lip : Material.Skin;
        var cavity = -Sdf.Ellipsoid(p, _cavityCentre, _cavityRadii);
        if (cavity > face)
        {
            face = cavity;
            material = Material.MouthInside;
        }

        var d = face;
        var eye = MathF.Min(Sdf.Sphere(p, _eyes[0], _eyeRadius), Sdf.Sphere(p, _eyes[1], _eyeRadius));
        if (eye < d) { d = eye; material = Material.Eye; }
        var lid = MathF.Max(MathF.Min(Sdf.Sphere(p, _eyes[0], _lidRadius), Sdf.Sphere(p, _eyes[1], _lidRadius)), _lidCut - p.Y);
        if (lid < d) { d = lid; material = Material.Lid; }
        var brow = MathF.Min(Sdf.Ellipsoid(p, _brows[0], _browRadii), Sdf.Ellipsoid(p, _brows[1], _browRadii));
        if (brow < d) { d = brow; material = Material.Hair; }
        var hair = MathF.Max(Sdf.Ellipsoid(p, _centre, _hairRadii), (_hairA + _hairB * p.Z - p.Y) * _hairNorm);
        if (hair < d) { d = hair; material = Material.Hair; }
        return d;
    }

    private static Vector3 V(float[] v) => new(v[0], v[1], v[2]);
}
