using Pv3d.Applications.Generation;
using Pv3d.Applications.Inversion;
using Pv3d.Networks;
using Pv3d.Torch;
using Pv3d.Video;

namespace Pv3d.Applications.Editing;

/// <summary>What an edit or a retarget wrote.</summary>
public sealed record MotionOutputs(string VideoPath, string GifPath, string MultiViewPath, string LatentsPath, int Frames);

/// <summary>
/// Motion editing and retargeting (paper §4.4): the appearance code stays, the motion changes.
/// <see cref="Edit"/>: a reconstruction's person and cameras with a new motion code (a seed's z_motion, drawn as
/// <c>pv3d generate</c> draws it) → <c>edited.mp4</c>/<c>.gif</c>, <c>multiview.mp4</c>, <c>latents.npz</c> (ws, c, t, z_motion).
/// <see cref="Retarget"/>: source A's motion (its z_m+ sequence and times) on target B's appearance, rendered with A's
/// camera path and from yaw −30°/0°/+30° → <c>retargeted.mp4</c>/<c>.gif</c>, <c>multiview.mp4</c>, <c>latents.npz</c>
/// (B's ws, A's c, t, z_motion_plus).
/// </summary>
public static class MotionEditing
{
    public static MotionOutputs Edit(TriPlaneGenerator generator, Latents reconstruction, long motionSeed, string outputDirectory,
        double fps = VideoWriter.DefaultFps, CancellationToken cancellation = default)
    {
        if (motionSeed < 0) throw new Pv3dException($"the motion seed must not be negative, got {motionSeed}");
        using var scope = TensorScope.Enter();
        var motion = SeededLatents.For(motionSeed, (int)generator.ZDim, (int)Latents.MotionDim(generator)).ZMotion;
        var times = TimesOf(reconstruction);
        return Write(generator, reconstruction.Ws, motion, times, reconstruction.C, "edited", outputDirectory, fps, cancellation,
            new Latents(reconstruction.Ws, reconstruction.C, t: times, zMotion: motion, tunedGenerator: reconstruction.TunedGenerator));
    }

    public static MotionOutputs Retarget(TriPlaneGenerator generator, Latents source, Latents target, string sourcePath, string outputDirectory,
        double fps = VideoWriter.DefaultFps, CancellationToken cancellation = default)
    {
        if (source.ZMotionPlus is null)
            throw new Pv3dException($"{sourcePath}: has no z_motion_plus; the motion source must be a reconstruction (pv3d reconstruct)");
        using var scope = TensorScope.Enter();
        var times = TimesOf(source);
        return Write(generator, target.Ws, source.ZMotionPlus, times, source.C, "retargeted", outputDirectory, fps, cancellation,
            new Latents(target.Ws, source.C, source.ZMotionPlus, times));
    }

    /// <summary>The latents' times, or t = i / (F − 1) when they have none.</summary>
    private static Tensor TimesOf(Latents latents) =>
        latents.T ?? Tensor.FromArray(Enumerable.Range(0, latents.Frames).Select(i => latents.Frames == 1 ? 0f : (float)i / (latents.Frames - 1)).ToArray(), latents.Frames);

    private static MotionOutputs Write(TriPlaneGenerator generator, Tensor ws, Tensor motion, Tensor times, Tensor cameras, string stem,
        string outputDirectory, double fps, CancellationToken cancellation, Latents latents)
    {
        OutputFolder.Create(outputDirectory);
        var renderer = new CodeRenderer(generator);
        var video = renderer.RenderFrames(ws, motion, times, cameras, cancellation: cancellation);
        var videoOut = Path.Combine(outputDirectory, stem + ".mp4");
        var gifOut = Path.Combine(outputDirectory, stem + ".gif");
        VideoWriter.WriteMp4(videoOut, video, fps);
        VideoWriter.WriteGif(gifOut, video, fps);
        var multiOut = Path.Combine(outputDirectory, "multiview.mp4");
        VideoWriter.WriteMp4(multiOut, MultiView.Render(renderer, ws, motion, times, cancellation: cancellation), fps);
        var latentsOut = Path.Combine(outputDirectory, "latents.npz");
        latents.Save(latentsOut); // its tensors belong to the caller's scope
        return new MotionOutputs(videoOut, gifOut, multiOut, latentsOut, video.Count);
    }
}
