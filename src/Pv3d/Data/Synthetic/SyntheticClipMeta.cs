using System.Text.Encodings.Web;
using System.Text.Json;

namespace Pv3d.Data.Synthetic;

/// <summary>The state of a clip's moving parts and its camera angles at one frame.</summary>
public sealed record SyntheticFrameMeta(string Frame, double T, float Blink, float MouthOpen, float Nod, double Yaw, double Pitch);

/// <summary>
/// A clip's ground truth as written to synth_meta/NAME.json: the head's shape and colours, its motion, and
/// per-frame states and camera angles. <see cref="Scene"/> rebuilds the exact signed distance field of a frame.
/// </summary>
public sealed record SyntheticClipMeta
{
    private static readonly JsonSerializerOptions Json = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        WriteIndented = true,
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    public required string Name { get; init; }
    public required long Seed { get; init; }
    public required int Index { get; init; }
    public required int Frames { get; init; }
    public required int Resolution { get; init; }
    public string Note { get; init; } = "world units, +y up, +z out of the face; cameras look at (0, 0, 0.2) from radius 2.7 (official intrinsics)";
    public required HeadParameters Head { get; init; }
    public required HeadMotion Motion { get; init; }
    public required SyntheticFrameMeta[] PerFrame { get; init; }

    public static SyntheticClipMeta Of(SyntheticClip clip, int frames, int resolution) => new()
    {
        Name = clip.Name,
        Seed = clip.Seed,
        Index = clip.Index,
        Frames = frames,
        Resolution = resolution,
        Head = clip.Head,
        Motion = clip.Motion,
        PerFrame = Enumerable.Range(0, frames).Select(i =>
        {
            var t = SyntheticClip.TimeOf(i, frames);
            var s = clip.StateAt(t);
            return new SyntheticFrameMeta(SyntheticClip.FrameName(i), t, s.Blink, s.MouthOpen, s.Nod, clip.Motion.YawAt(t), clip.Motion.PitchAt(t));
        }).ToArray(),
    };

    /// <summary>The head as it is at frame <paramref name="frame"/>.</summary>
    public HeadScene Scene(int frame)
    {
        if ((uint)frame >= (uint)PerFrame.Length) throw new Pv3dException($"{Name}: frame {frame} is outside 0..{PerFrame.Length - 1}");
        var f = PerFrame[frame];
        return new HeadScene(Head, new HeadState(f.Blink, f.MouthOpen, f.Nod));
    }

    public byte[] ToJson() => JsonSerializer.SerializeToUtf8Bytes(this, Json);

    public static SyntheticClipMeta Load(string path)
    {
        if (!File.Exists(path)) throw new Pv3dException($"{path}: synthetic clip metadata not found");
        try
        {
            return JsonSerializer.Deserialize<SyntheticClipMeta>(File.ReadAllBytes(path), Json)
                   ?? throw new Pv3dException($"{path}: holds null, not synthetic clip metadata");
        }
        catch (JsonException e)
        {
            throw new Pv3dException($"{path}: not synthetic clip metadata ({e.Message})", e);
        }
    }
}
