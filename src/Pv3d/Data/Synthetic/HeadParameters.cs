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

    private static readonly float[][] SkinTones = { new[] { 0.96f, 0.80f, 0.69f }, new[] { 0.87f, 0.66f, 0.52f }, new[] { 0.70f, 0.50f, 0.36f }, new[] { 0.45f, 0.31f, 0.22f } };
    private static readonly float[][] HairTones = { new[] { 0.07f, 0.06f, 0.05f }, new[] { 0.24f, 0.14f, 0.08f }, new[] { 0.45f, 0.29f, 0.15f }, new[] { 0.85f, 0.70f, 0.42f }, new[] { 0.58f, 0.24f, 0.10f }, new[] { 0.62f, 0.62f, 0.60f } };
    private static readonly float[][] IrisTones = { new[] { 0.30f, 0.18f, 0.08f }, new[] { 0.25f, 0.42f, 0.65f }, new[] { 0.30f, 0.45f, 0.25f } };

    public static HeadParameters Sample(Random rng)
    {
        float U(double lo, double hi) => (float)(lo + (hi - lo) * rng.NextDouble());
        float[] Jitter(float[] c, double amount) => c.Select(v => Math.Clamp(v + U(-amount, amount), 0f, 1f)).ToArray();

        var cy = U(0.02, 0.05);
        var eyeY = cy + U(-0.015, 0.01);
        var skinT = U(0, SkinTones.Length - 1);
        var i = Math.Min((int)skinT, SkinTones.Length - 2);
        var skin = SkinTones[i].Zip(SkinTones[i + 1], (a, b) => a + (b - a) * (skinT - i)).ToArray();
        skin = Jitter(skin, 0.03);
        return new HeadParameters
        {
            Centre = new[] { 0f, cy, U(-0.02, 0.02) },
            Radii = new[] { U(0.17, 0.2), U(0.23, 0.26), U(0.21, 0.24) },
            EyeY = eyeY,
            EyeHalfSpacing = U(0.06, 0.075),
            EyeRadius = U(0.024, 0.029),
            NoseLength = U(0.045, 0.065),
            NoseWidth = U(0.022, 0.032),
            NoseDepth = U(0.03, 0.045),
            MouthY = eyeY - U(0.13, 0.15),
            MouthHalfWidth = U(0.06, 0.075),
            HairThickness = U(0.012, 0.04),
            HairFrontY = cy + U(0.09, 0.14),
            HairBackY = cy - U(0.05, 0.2),
            SkinColour = skin,
            HairColour = Jitter(HairTones[rng.Next(HairTones.Length)], 0.04),
            IrisColour = Jitter(IrisTones[rng.Next(IrisTones.Length)], 0.05),
            LipColour = new[] { Math.Clamp(skin[0] * 0.9f + 0.05f, 0, 1), skin[1] * 0.55f, skin[2] * 0.55f },
            BackgroundColour = new[] { U(0.1, 0.95), U(0.1, 0.95), U(0.1, 0.95) },
        };
    }
}
