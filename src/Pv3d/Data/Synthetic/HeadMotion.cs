namespace Pv3d.Data.Synthetic;

/// <summary>
/// How one clip moves over its normalised time t in [0, 1]: blinks (each a triangular closure of the given
/// duration around its time), a mouth opening and closing like a sine, a slight nod, and a camera whose yaw
/// and pitch drift smoothly around a per-clip mean.
/// </summary>
public sealed record HeadMotion
{
    public required float[] BlinkTimes { get; init; }
    public required float BlinkDuration { get; init; }
    public required float MouthAmplitude { get; init; }
    public required float MouthCycles { get; init; }
    public required float MouthPhase { get; init; }
    public required float NodAmplitude { get; init; }
    public required float NodCycles { get; init; }
    public required float NodPhase { get; init; }
    public required float YawMean { get; init; }
    public required float YawAmplitude { get; init; }
    public required float YawCycles { get; init; }
    public required float YawPhase { get; init; }
    public required float PitchMean { get; init; }
    public required float PitchAmplitude { get; init; }
    public required float PitchCycles { get; init; }
    public required float PitchPhase { get; init; }

    public static HeadMotion Sample(Random rng)
    {
        float U(double lo, double hi) => (float)(lo + (hi - lo) * rng.NextDouble());
        var blinks = Enumerable.Range(0, 1 + rng.Next(3)).Select(_ => U(0.05, 0.95)).Order().ToArray();
        return new HeadMotion
        {
            BlinkTimes = blinks,
            BlinkDuration = U(0.08, 0.16),
            MouthAmplitude = U(0.6, 1.0),
            MouthCycles = U(1.0, 3.0),
            MouthPhase = U(0, 2 * Math.PI),
            NodAmplitude = U(0, 0.08),
            NodCycles = U(0.5, 1.5),
            NodPhase = U(0, 2 * Math.PI),
            YawMean = U(-0.35, 0.35),
            YawAmplitude = U(0.02, 0.2),
            YawCycles = U(0.3, 1.0),
            YawPhase = U(0, 2 * Math.PI),
            PitchMean = U(-0.12, 0.12),
            PitchAmplitude = U(0.01, 0.08),
            PitchCycles = U(0.3, 1.0),
            PitchPhase = U(0, 2 * Math.PI),
        };
    }

    public HeadState StateAt(double t)
    {
        var blink = 0.0;
        foreach (var b in BlinkTimes) blink = Math.Max(blink, 1 - Math.Abs(t - b) / (BlinkDuration / 2));
        var mouth = MouthAmplitude * (0.5 - 0.5 * Math.Cos(2 * Math.PI * MouthCycles * t + MouthPhase));
        var nod = NodAmplitude * Math.Sin(2 * Math.PI * NodCycles * t + NodPhase);
        return new HeadState((float)Math.Clamp(blink, 0, 1), (float)mouth, (float)nod);
    }

    public double YawAt(double t) => YawMean + YawAmplitude * Math.Sin(2 * Math.PI * YawCycles * t + YawPhase);

    public double PitchAt(double t) => PitchMean + PitchAmplitude * Math.Sin(2 * Math.PI * PitchCycles * t + PitchPhase);
}
