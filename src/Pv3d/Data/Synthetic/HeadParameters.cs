namespace Pv3d.Data.Synthetic;

/// <summary>
/// The shape and colours of one synthetic head, in world units (the head lives in the generator's
/// [-0.5, 0.5]^3 box: +x the head's left side as seen by the frontal camera's right, +y up, +z out of the face).
/// Colours are linear RGB in [0, 1].
/// </summary>
public sealed record HeadParameters
{
    public required float[] Centre { get; init; }
    public required float[] Radii { get; init; }
    public required float EyeY { get; init; }
    public required float EyeHalfSpacing { get; init; }
    public required float EyeRadius { get; init; }
    public required float NoseLength { get; init; }
    public required float NoseWidth { get; init; }
    public required float NoseDepth { get; init; }
    public required float MouthY { get; init; }
    public required float MouthHalfWidth { get; init; }
    public required float HairThickness { get; init; }
    public required float HairFrontY { get; init; }
    public required float HairBackY { get; init; }
    public required float[] SkinColour { get; init; }
    public required float[] HairColour { get; init; }
    public required float[] IrisColour { get; init; }
    public required float[] LipColour { get; init; }
    public required float[] BackgroundColour { get; init; }

    // Added for identity variety (the bundled model's data, issue 14). They are optional so that metadata written
    // before them still loads; the defaults are the values those older heads were built with.

    /// <summary>Jaw ellipsoid's x/z radii as a fraction of the skull's (narrow chin to square jaw).</summary>
    public float JawWidth { get; init; } = 0.78f;

    /// <summary>Jaw ellipsoid's y radius as a fraction of the skull's (short to long face).</summary>
    public float JawHeight { get; init; } = 0.6f;

    /// <summary>Half thickness of the eyebrows.</summary>
    public float BrowThickness { get; init; } = 0.008f;

    /// <summary>Beard coverage of the lower face, 0 (none) to 1 (full beard up to the mouth corners).</summary>
    public float Beard { get; init; }

    /// <summary>Direction towards the key light in world space (normalised when used).</summary>
    public float[] LightDirection { get; init; } = { -0.35f, 0.55f, 1f };

    /// <summary>Ambient light level; the key light adds 0.75 × Lambert.</summary>
    public float Ambient { get; init; } = 0.35f;

    private static readonly float[][] SkinTones = { new[] { 0.96f, 0.80f, 0.69f }, new[] { 0.87f, 0.66f, 0.52f }, new[] { 0.70f, 0.50f, 0.36f }, new[] { 0.45f, 0.31f, 0.22f } };
    private static readonly float[][] HairTones = { new[] { 0.07f, 0.06f, 0.05f }, new[] { 0.24f, 0.14f, 0.08f }, new[] { 0.45f, 0.29f, 0.15f }, new[] { 0.85f, 0.70f, 0.42f }, new[] { 0.58f, 0.24f, 0.10f }, new[] { 0.62f, 0.62f, 0.60f } };
    private static readonly float[][] IrisTones = { new[] { 0.30f, 0.18f, 0.08f }, new[] { 0.25f, 0.42f, 0.65f }, new[] { 0.30f, 0.45f, 0.25f } };

    /// <summary>
    /// A random head. The ranges of the measurements that place the landmarks keep the midpoints that
    /// <c>FaceModel68.Mean</c> uses; around them, proportions, hair, beards and lighting vary widely so that the
    /// generator trained on these heads has distinct identities to learn, not one face in many colours.
    /// </summary>
    public static HeadParameters Sample(Random rng)
    {
        float U(double lo, double hi) => (float)(lo + (hi - lo) * rng.NextDouble());
        float[] Jitter(float[] c, double amount) => c.Select(v => Math.Clamp(v + U(-amount, amount), 0f, 1f)).ToArray();

        var cy = U(0.02, 0.05);
        var eyeY = cy + U(-0.015, 0.01);
        var skinT = U(0, SkinTones.Length - 1);
        var i = Math.Min((int)skinT, SkinTones.Length - 2);
        var skin = SkinTones[i].Zip(SkinTones[i + 1], (a, b) => a + (b - a) * (skinT - i)).ToArray();
        skin = Jitter(skin, 0.04);
        var lightYaw = U(-0.9, 0.9);
        var lightPitch = U(0.1, 0.8);
        // Hair: from a close crop to a thick mop, ending anywhere from the crown to the nape; a few are bald.
        var bald = rng.NextDouble() < 0.08;
        return new HeadParameters
        {
            Centre = new[] { 0f, cy, U(-0.02, 0.02) },
            Radii = new[] { U(0.15, 0.22), U(0.215, 0.275), U(0.195, 0.255) },
            EyeY = eyeY,
            EyeHalfSpacing = U(0.055, 0.08),
            EyeRadius = U(0.022, 0.031),
            NoseLength = U(0.04, 0.07),
            NoseWidth = U(0.02, 0.034),
            NoseDepth = U(0.025, 0.05),
            MouthY = eyeY - U(0.125, 0.155),
            MouthHalfWidth = U(0.06, 0.075),
            HairThickness = bald ? 0.004f : U(0.008, 0.075),
            HairFrontY = cy + (bald ? 0.3f : U(0.07, 0.16)),
            HairBackY = cy - (bald ? -0.1f : U(0.05, 0.32)),
            SkinColour = skin,
            HairColour = Jitter(HairTones[rng.Next(HairTones.Length)], 0.06),
            IrisColour = Jitter(IrisTones[rng.Next(IrisTones.Length)], 0.05),
            LipColour = new[] { Math.Clamp(skin[0] * 0.9f + 0.05f, 0, 1), skin[1] * 0.55f, skin[2] * 0.55f },
            BackgroundColour = new[] { U(0.1, 0.95), U(0.1, 0.95), U(0.1, 0.95) },
            JawWidth = U(0.66, 0.9),
            JawHeight = U(0.5, 0.7),
            BrowThickness = U(0.005, 0.014),
            Beard = rng.NextDouble() < 0.25 ? U(0.4, 1.0) : 0f,
            LightDirection = new[] { MathF.Sin(lightYaw) * MathF.Cos(lightPitch), MathF.Sin(lightPitch), MathF.Cos(lightYaw) * MathF.Cos(lightPitch) },
            Ambient = U(0.25, 0.5),
        };
    }
}
