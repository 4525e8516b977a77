using Pv3d.Rendering.Cameras;
using Pv3d.Video;

namespace Pv3d.Data.Synthetic;

/// <summary>
/// One synthetic talking-head clip: a head, its motion and camera path, sampled from (seed, index) alone so a
/// clip does not depend on how many others are made. Frame i of F sits at time t = i / (F − 1).
/// </summary>
public sealed record SyntheticClip(string Name, long Seed, int Index, HeadParameters Head, HeadMotion Motion)
{
    public static SyntheticClip Sample(long seed, int index)
    {
        var rng = new Random(ClipSeed(seed, index));
        var head = HeadParameters.Sample(rng);
        var motion = HeadMotion.Sample(rng);
        return new SyntheticClip($"synth_{index:D5}", seed, index, head, motion);
    }

    public static double TimeOf(int frame, int frames) => frames > 1 ? (double)frame / (frames - 1) : 0;

    /// <summary>The reader matches cameras to frames by position; names follow the shared convention.</summary>
    public static string FrameName(int frame) => ClipCameras.FrameName(frame);

    public Camera CameraAt(double t) => LookAtCamera.Create(Motion.YawAt(t), Motion.PitchAt(t));

    public HeadState StateAt(double t) => Motion.StateAt(t);

    public IReadOnlyList<NamedCamera> Cameras(int frames) =>
        Enumerable.Range(0, frames).Select(i => new NamedCamera(FrameName(i), CameraAt(TimeOf(i, frames)))).ToArray();

    public RgbFrames Render(int frames, int resolution)
    {
        var video = new RgbFrames(frames, resolution, resolution);
        for (var i = 0; i < frames; i++)
        {
            var t = TimeOf(i, frames);
            SphereTracer.Render(new HeadScene(Head, StateAt(t)), CameraAt(t), resolution, resolution, video.Frame(i));
        }
        return video;
    }

    /// <summary>SplitMix64 of the seed and index, folded to a 31-bit seed for <see cref="Random"/>.</summary>
    private static int ClipSeed(long seed, int index)
    {
        var x = unchecked((ulong)seed * 0x9E3779B97F4A7C15UL + (ulong)index + 0x632BE59BD9B4E019UL);
        x = unchecked((x ^ (x >> 30)) * 0xBF58476D1CE4E5B9UL);
        x = unchecked((x ^ (x >> 27)) * 0x94D049BB133111EBUL);
        x ^= x >> 31;
        return (int)(x & 0x7FFFFFFF);
    }
}
