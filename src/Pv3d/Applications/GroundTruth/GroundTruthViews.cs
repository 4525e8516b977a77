using Pv3d.Applications.Generation;
using Pv3d.Data.Synthetic;
using Pv3d.Rendering.Cameras;
using Pv3d.Torch;
using Pv3d.Video;

namespace Pv3d.Applications.GroundTruth;

/// <summary>
/// The truth a synthetic clip gives for any camera: images rendered by <see cref="SphereTracer"/> from the clip's head at
/// one instant, as a dataset frame is made (8-bit, no antialiasing), and the true depth. The generator's depth
/// (<c>image_depth</c>, the ray marcher's expected depth) is the distance along the unit ray from the camera, at the neural
/// rendering resolution with pixel centres at (column + 0.5)/R like its ray sampler; <see cref="SphereTracer.RenderDepth"/>
/// measures the same distance along the same rays when traced at that resolution, so the two compare like with like.
/// Novel views are <c>pv3d generate</c>'s grid cameras (absolute yaw, pitch 0, radius 2.7, looking at (0, 0, 0.2)).
/// </summary>
public static class GroundTruthViews
{
    /// <summary>The novel views the benchmark scores: yaw −30° and +30°.</summary>
    public static readonly double[] NovelYawsDegrees = { -30, 30 };

    /// <summary>The camera at <paramref name="yawDegrees"/> (pitch 0), the same one the multi-view outputs use.</summary>
    public static Camera NovelCamera(double yawDegrees) => VideoGenerator.GridCamera(yawDegrees);

    /// <summary>The head of <paramref name="clip"/> at time <paramref name="t"/> as a scene.</summary>
    public static ISdfScene Scene(SyntheticClip clip, double t) => new HeadScene(clip.Head, clip.StateAt(t));

    /// <summary>One 8-bit frame per (scene, camera) pair at <paramref name="resolution"/>².</summary>
    public static RgbFrames Frames(IReadOnlyList<ISdfScene> scenes, IReadOnlyList<Camera> cameras, int resolution)
    {
        CheckPairs(scenes, cameras);
        var frames = new RgbFrames(scenes.Count, resolution, resolution);
        for (var i = 0; i < scenes.Count; i++) SphereTracer.Render(scenes[i], cameras[i], resolution, resolution, frames.Frame(i));
        return frames;
    }

    /// <summary>Frames as the generator's images: [F, 3, R, R] in [−1, 1], CPU, caller's scope.</summary>
    public static Tensor Images(RgbFrames frames)
    {
        using var scope = TensorScope.Enter();
        return (frames.ToTensor(asFloat: true) * 2 - 1).Contiguous().MoveToOuterScope();
    }

    /// <summary>True ray depth [F, 1, R, R] (float32, CPU, caller's scope), +∞ where the ray misses the head.</summary>
    public static Tensor Depth(IReadOnlyList<ISdfScene> scenes, IReadOnlyList<Camera> cameras, int resolution)
    {
        CheckPairs(scenes, cameras);
        var values = new float[scenes.Count * resolution * resolution];
        for (var i = 0; i < scenes.Count; i++)
            SphereTracer.RenderDepth(scenes[i], cameras[i], resolution, resolution).CopyTo(values, i * resolution * resolution);
        return Tensor.FromArray(values, scenes.Count, 1, resolution, resolution);
    }

    private static void CheckPairs(IReadOnlyList<ISdfScene> scenes, IReadOnlyList<Camera> cameras)
    {
        if (scenes.Count != cameras.Count) throw new ArgumentException($"{scenes.Count} scenes but {cameras.Count} cameras; give one camera per scene");
        if (scenes.Count == 0) throw new ArgumentException("no views to render");
    }
}
