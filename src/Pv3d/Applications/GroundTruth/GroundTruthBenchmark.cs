using System.Diagnostics;
using Pv3d.Applications.Inversion;
using Pv3d.Checkpoints;
using Pv3d.Data.Synthetic;
using Pv3d.Networks;
using Pv3d.Rendering.Cameras;
using Pv3d.Torch;
using Pv3d.Video;

namespace Pv3d.Applications.GroundTruth;

/// <summary>How renderings from found codes compare with the truth: on the views that were fitted and on the novel views.</summary>
/// <param name="Input">Against the fitted views (the still's frame, or every frame of the clip).</param>
/// <param name="Novel">Against the same instants seen from yaw −30° and +30° (every novel frame, both yaws).</param>
/// <param name="InputFrames">The renderings of the fitted views, in order.</param>
/// <param name="NovelFrames">The novel renderings: all frames at −30°, then all at +30°.</param>
public sealed record ViewScores(FitMetrics Input, FitMetrics Novel, DepthError InputDepth, DepthError NovelDepth, RgbFrames InputFrames, RgbFrames NovelFrames);

/// <summary>One optimisation (a still's inversion or a clip's reconstruction): scores before and after pivotal tuning and its times.</summary>
/// <param name="SecondsPerStep">Median seconds per step of the codes.</param>
/// <param name="SecondsPerTuneStep">Median seconds per pivotal-tuning step (NaN without tuning).</param>
/// <param name="OptimisationSeconds">Wall time of the whole optimisation (w_avg, code steps and tuning; not the scoring renders).</param>
public sealed record TaskScores(ViewScores Before, ViewScores? After, int Steps, int TuneSteps, double SecondsPerStep, double SecondsPerTuneStep,
    double OptimisationSeconds);

/// <summary>One held-out clip: the truth it was scored against and both jobs' scores.</summary>
/// <param name="InputYawDegrees">Yaw of the still's camera (frame 0), for reading the novel views' distance from it.</param>
/// <param name="TruthFrames">The clip's frames (the reconstruction's targets; frame 0 is the still).</param>
/// <param name="TruthNovel">The clip's frames from −30° then +30°.</param>
/// <param name="FlatDepth">The still's views (its own, then ±30°) scored with <see cref="DepthError.FlatReference"/>, for scale.</param>
public sealed record ClipScores(string Name, int Index, double InputYawDegrees, RgbFrames TruthFrames, RgbFrames TruthNovel, TaskScores Inversion,
    TaskScores Reconstruction, (DepthError Input, DepthError Novel) FlatDepth);

/// <summary>What the benchmark measured; <see cref="Interrupted"/> when cancellation stopped it (only finished clips are in <see cref="Clips"/>).</summary>
public sealed record GroundTruthResult(string Model, GroundTruthOptions Options, IReadOnlyList<ClipScores> Clips, bool Interrupted, double TotalSeconds);

/// <summary>
/// The ground-truth benchmark of the applications (what no PV3D or EG3D release measures): on held-out synthetic clips
/// (<see cref="SyntheticClip.Sample"/> with a seed the model never saw), rendered by <see cref="SphereTracer"/> at the
/// model's resolution, it
/// <list type="bullet">
/// <item>inverts frame 0 as <c>pv3d invert</c> does (t = 0, its camera as rendering and mapping camera, W/W+ by the
/// options) and scores the re-rendering against the frame, the same head state from yaw ±30° against the true renderings
/// from there, and the depth against the true depth;</item>
/// <item>reconstructs the clip as <c>pv3d reconstruct</c> does (shared W+, per-frame z_m+, t = i / (F − 1), per-frame
/// cameras, frame 0's camera for the mapping) and scores every frame and every frame from ±30°;</item>
/// <item>does both before and after pivotal tuning (the codes are found once, scored, then the generator is tuned with
/// <see cref="CodeFitter.TuneGenerator"/> and scored again) and times them.</item>
/// </list>
/// Each job starts from a freshly loaded model, since tuning changes the weights. The targets are the lossless renderings
/// (the training data went through H.264, which the model learnt to reproduce). Deterministic for the options' seeds;
/// cancellation stops after the current clip's current step and keeps the finished clips.
/// </summary>
public static class GroundTruthBenchmark
{
    public static GroundTruthResult Run(string modelPath, GroundTruthOptions options, Action<string>? log = null,
        IProgress<OptimizationProgress>? progress = null, CancellationToken cancellation = default)
    {
        options.Validate();
        var total = Stopwatch.StartNew();
        var clips = new List<ClipScores>();
        var interrupted = false;
        for (var index = 0; index < options.Clips && !interrupted; index++)
        {
            if (cancellation.IsCancellationRequested)
            {
                interrupted = true;
                break;
            }
            var clip = SyntheticClip.Sample(options.DataSeed, index);
            var scores = RunClip(modelPath, clip, options, progress, cancellation);
            if (scores is null)
            {
                interrupted = true;
                break;
            }
            clips.Add(scores);
            log?.Invoke(Summary(scores));
        }
        return new GroundTruthResult(modelPath, options, clips, interrupted, total.Elapsed.TotalSeconds);
    }

    private static ClipScores? RunClip(string modelPath, SyntheticClip clip, GroundTruthOptions options,
        IProgress<OptimizationProgress>? progress, CancellationToken cancellation)
    {
        using var scope = TensorScope.Enter();
        TruthViews truth;
        using (var probe = CheckpointLoader.LoadGenerator(modelPath))
            truth = TruthViews.Of(clip, options.Frames, (int)probe.Generator.Options.ImgResolution, (int)probe.Generator.NeuralRenderingResolution);

        // The still: frame 0 at t = 0 (the motion code has no effect there), its camera also the mapping camera.
        var still = truth.Select(0);
        var stillCamera = still.Cameras.Narrow(0, 0, 1);
        var inversion = RunTask(modelPath, new FitTargets(still.Images, stillCamera, Tensor.Zeros(1), stillCamera, FitMotion: false),
            options.Inversion, still, progress, cancellation);
        if (inversion is null) return null;

        // The clip: every frame at its time and camera, the first camera for the mapping (as VideoReconstruction).
        var reconstruction = RunTask(modelPath, new FitTargets(truth.Images, truth.Cameras, truth.Times, truth.Cameras.Narrow(0, 0, 1), FitMotion: true),
            options.Reconstruction, truth, progress, cancellation);
        if (reconstruction is null) return null;

        var yaw = clip.Motion.YawAt(0) * 180 / Math.PI;
        return new ClipScores(clip.Name, clip.Index, yaw, truth.Frames, truth.NovelFrames, inversion, reconstruction,
            (DepthError.FlatReference(still.Depth), DepthError.FlatReference(still.NovelDepth)));
    }

    private static TaskScores? RunTask(string modelPath, FitTargets targets, ProjectorOptions options, TruthViews truth,
        IProgress<OptimizationProgress>? progress, CancellationToken cancellation)
    {
        using var loaded = CheckpointLoader.LoadGenerator(modelPath);
        var generator = loaded.Generator;
        var timer = new StepTimer(progress);
        var clock = Stopwatch.StartNew();
        var fit = CodeFitter.Fit(generator, targets, options with { TuneSteps = 0 }, timer, cancellation);
        var fitSeconds = clock.Elapsed.TotalSeconds;
        if (fit.Interrupted) return Dispose(fit);
        var before = Score(generator, fit, truth);
        if (options.TuneSteps == 0)
        {
            Dispose(fit);
            return new TaskScores(before, null, fit.Steps, 0, timer.SecondsPerStep("inversion"), double.NaN, fitSeconds);
        }
        clock.Restart();
        var tuned = CodeFitter.TuneGenerator(generator, targets, fit, options, timer, cancellation);
        var tuneSeconds = clock.Elapsed.TotalSeconds;
        if (tuned.Interrupted) return Dispose(fit);
        var after = Score(generator, tuned, truth);
        Dispose(fit);
        return new TaskScores(before, after, fit.Steps, tuned.TuneSteps, timer.SecondsPerStep("inversion"), timer.SecondsPerStep("tuning"),
            fitSeconds + tuneSeconds);
    }

    private static TaskScores? Dispose(FitResult fit)
    {
        fit.Ws.Dispose();
        fit.Motion.Dispose();
        return null;
    }

    /// <summary>Renders the codes on the fitted and the novel views and compares them with the truth.</summary>
    private static ViewScores Score(TriPlaneGenerator generator, FitResult fit, TruthViews truth)
    {
        using var scope = TensorScope.Enter();
        var renderer = new CodeRenderer(generator, batchSize: 4);
        var (images, depth) = renderer.Render(fit.Ws, fit.Motion, truth.Times, truth.Cameras);
        var novelMotion = fit.Motion.Dim == 3 ? Tensor.Cat(new[] { fit.Motion, fit.Motion }, 0) : fit.Motion;
        var (novelImages, novelDepth) = renderer.Render(fit.Ws, novelMotion, truth.NovelTimes, truth.NovelCameras);
        return new ViewScores(FitMetrics.Measure(images, truth.Images), FitMetrics.Measure(novelImages, truth.NovelImages),
            DepthError.Measure(depth, truth.Depth), DepthError.Measure(novelDepth, truth.NovelDepth),
            FrameConversion.ImagesToFrames(images), FrameConversion.ImagesToFrames(novelImages));
    }

    private static string Summary(ClipScores c)
    {
        static string Pair(TaskScores t, Func<ViewScores, double> f) => t.After is null ? $"{f(t.Before):0.00}" : $"{f(t.Before):0.00}→{f(t.After):0.00}";
        return $"{c.Name}: inversion PSNR {Pair(c.Inversion, v => v.Input.MeanPsnr)} dB, ±30° {Pair(c.Inversion, v => v.Novel.MeanPsnr)} dB, " +
               $"depth MAE {Pair(c.Inversion, v => v.InputDepth.MeanAbsolute)}; reconstruction PSNR {Pair(c.Reconstruction, v => v.Input.MeanPsnr)} dB, " +
               $"±30° {Pair(c.Reconstruction, v => v.Novel.MeanPsnr)} dB ({c.Inversion.OptimisationSeconds + c.Reconstruction.OptimisationSeconds:0} s)";
    }

    /// <summary>
    /// The truth for a set of instants of one clip: frames (images [F, 3, R, R] in [−1, 1], cameras [F, 25], times [F],
    /// depth [F, 1, r, r] at the neural rendering resolution r) and the same instants from the novel yaws (2F of each, all
    /// −30° first). Tensors live in the caller's scope.
    /// </summary>
    private sealed record TruthViews(RgbFrames Frames, Tensor Images, Tensor Cameras, Tensor Times, Tensor Depth,
        RgbFrames NovelFrames, Tensor NovelImages, Tensor NovelCameras, Tensor NovelTimes, Tensor NovelDepth, int Count)
    {
        public static TruthViews Of(SyntheticClip clip, int frames, int resolution, int depthResolution) =>
            Build(clip, Enumerable.Range(0, frames).Select(i => SyntheticClip.TimeOf(i, frames)).ToArray(), resolution, depthResolution);

        /// <summary>The truth of one frame (same tensors' rows, no re-rendering).</summary>
        public TruthViews Select(int frame)
        {
            var novel = Tensor.FromArray(Enumerable.Range(0, GroundTruthViews.NovelYawsDegrees.Length).Select(k => (long)(k * Count + frame)).ToArray(),
                GroundTruthViews.NovelYawsDegrees.Length);
            var rows = Enumerable.Range(0, GroundTruthViews.NovelYawsDegrees.Length).Select(k => k * Count + frame).ToArray();
            return new TruthViews(Frames.Select(new[] { frame }), Images.Narrow(0, frame, 1), Cameras.Narrow(0, frame, 1), Times.Narrow(0, frame, 1),
                Depth.Narrow(0, frame, 1), NovelFrames.Select(rows), NovelImages.IndexSelect(0, novel), NovelCameras.IndexSelect(0, novel),
                NovelTimes.IndexSelect(0, novel), NovelDepth.IndexSelect(0, novel), 1);
        }

        private static TruthViews Build(SyntheticClip clip, double[] times, int resolution, int depthResolution)
        {
            var scenes = times.Select(t => GroundTruthViews.Scene(clip, t)).ToArray();
            var cameras = times.Select(clip.CameraAt).ToArray();
            var novelScenes = GroundTruthViews.NovelYawsDegrees.SelectMany(_ => scenes).ToArray();
            var novelCameras = GroundTruthViews.NovelYawsDegrees.SelectMany(yaw => Enumerable.Repeat(GroundTruthViews.NovelCamera(yaw), times.Length)).ToArray();
            var frames = GroundTruthViews.Frames(scenes, cameras, resolution);
            var novelFrames = GroundTruthViews.Frames(novelScenes, novelCameras, resolution);
            var timeValues = times.Select(t => (float)t).ToArray();
            var novelTimes = GroundTruthViews.NovelYawsDegrees.SelectMany(_ => timeValues).ToArray();
            return new TruthViews(frames, GroundTruthViews.Images(frames), Camera.ToTensor(cameras), Tensor.FromArray(timeValues, timeValues.Length),
                GroundTruthViews.Depth(scenes, cameras, depthResolution), novelFrames, GroundTruthViews.Images(novelFrames), Camera.ToTensor(novelCameras),
                Tensor.FromArray(novelTimes, novelTimes.Length), GroundTruthViews.Depth(novelScenes, novelCameras, depthResolution), times.Length);
        }
    }
}
