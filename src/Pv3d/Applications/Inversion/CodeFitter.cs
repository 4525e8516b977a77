using Pv3d.Networks;
using Pv3d.Rendering;
using Pv3d.Torch;
using Pv3d.Torch.Optim;

namespace Pv3d.Applications.Inversion;

/// <summary>What a fit starts from: target frames and where and when each was seen.</summary>
/// <param name="Targets">[F, 3, H, W] in [−1, 1] at the generator's image resolution.</param>
/// <param name="Cameras">[F, 25] rendering camera of each frame.</param>
/// <param name="Times">[F] time of each frame in [0, 1].</param>
/// <param name="MappingCamera">[1, 25] the camera the mapping network sees (shared by every frame, as at inference).</param>
/// <param name="FitMotion">Also fit one motion code per motion layer per frame (z_m+ [F, K, D]); otherwise the motion code is zero.</param>
public sealed record FitTargets(Tensor Targets, Tensor Cameras, Tensor Times, Tensor MappingCamera, bool FitMotion);

/// <summary>The codes found: ws [1, num_ws, w_dim] and motion ([F, K, D] when fitted, else [1, D] zeros), CPU, owned by the caller.</summary>
public sealed record FitResult(Tensor Ws, Tensor Motion, int Steps, int TuneSteps, double Loss, bool Interrupted);

/// <summary>
/// The projector (EG3D has none released; this follows the EG3D projector of PTI, <c>w_projector.py</c> / <c>w_plus_projector.py</c>):
/// w_avg and w_std from <see cref="ProjectorOptions.WAvgSamples"/> random z mapped with the mapping camera; the code
/// starts at w_avg (W+: w_avg for every layer); Adam (β 0.9, 0.999) with the ramped learning rate and decaying Gaussian
/// noise on w of <see cref="ProjectorSchedule"/>; noise buffers const and deterministic ray sampling. For videos (the
/// paper's reconstruction) one W+ code is shared by all frames and each frame gets its own z_m+ [K, D], starting at
/// zero; each step fits <see cref="ProjectorOptions.FramesPerStep"/> frames, walking seeded shuffles of the frames.
/// Optional pivotal tuning (Roich et al., PTI) then trains the generator's weights with the codes fixed (Adam, lr 3e-4).
/// Cancellation stops after the current step and returns the codes as they are.
/// </summary>
public static class CodeFitter
{
    public static FitResult Fit(TriPlaneGenerator generator, FitTargets targets, ProjectorOptions options,
        IProgress<OptimizationProgress>? progress = null, CancellationToken cancellation = default)
    {
        options.Validate();
        var frames = (int)targets.Targets.Size(0);
        if (targets.Cameras.Size(0) != frames || targets.Times.Size(0) != frames)
            throw new ArgumentException("targets, cameras and times need one row per frame");
        TorchRandom.ManualSeed(options.Seed);
        var order = new FrameOrder(frames, Math.Min(options.FramesPerStep, frames), options.Seed);
        var device = targets.Targets.Device;
        var numWs = generator.NumWs;
        var motionDim = Latents.MotionDim(generator);
        var motionLayers = generator.Backbone.Synthesis.MotionLayerCount;
        foreach (var p in generator.Parameters()) p.SetRequiresGrad(false);

        var (wAvg, wStd) = EstimateWAvg(generator, targets.MappingCamera, options.WAvgSamples);
        using var wOpt = (options.Space == LatentSpace.W ? wAvg : wAvg.Repeat(1, numWs, 1)).Clone().DetachFromScopes().SetRequiresGrad();
        using var motion = (targets.FitMotion ? Tensor.Zeros(new long[] { frames, motionLayers, motionDim }, DType.Float32, device) : Tensor.Zeros(new long[] { 1, motionDim }, DType.Float32, device))
            .DetachFromScopes().SetRequiresGrad(targets.FitMotion);
        wAvg.Dispose();
        var groups = new List<AdamParamGroup> { new(new[] { wOpt }, options.LearningRate, (0.9, 0.999)) };
        if (targets.FitMotion) groups.Add(new AdamParamGroup(new[] { motion }, options.MotionLearningRate, (0.9, 0.999)));
        using var adam = new Adam(groups);

        var steps = 0;
        var loss = double.NaN;
        var interrupted = false;
        for (; steps < options.Steps; steps++)
        {
            if (cancellation.IsCancellationRequested)
            {
                interrupted = true;
                break;
            }
            var t = (double)steps / options.Steps;
            var ramp = ProjectorSchedule.LearningRate(1, t, options.LrRampUp, options.LrRampDown);
            groups[0].LearningRate = options.LearningRate * ramp;
            if (targets.FitMotion) groups[1].LearningRate = options.MotionLearningRate * ramp;
            var noiseScale = ProjectorSchedule.NoiseScale(wStd, options.InitialNoiseFactor, t, options.NoiseRamp);
            using var scope = TensorScope.Enter();
            var index = order.Next(device);
            var w = wOpt + Tensor.RandnLike(wOpt) * noiseScale;
            var lossTensor = BatchLoss(generator, targets, options.Loss, w, motion, index, numWs);
            adam.ZeroGrad();
            lossTensor.Backward();
            adam.Step();
            loss = lossTensor.Item();
            progress?.Report(new OptimizationProgress("inversion", steps + 1, options.Steps, loss));
        }

        var tuned = 0;
        if (options.TuneSteps > 0 && !interrupted)
        {
            (tuned, var tuneLoss, interrupted) = Tune(generator, targets, options, wOpt, motion, order, progress, cancellation);
            if (tuned > 0) loss = tuneLoss;
        }
        foreach (var p in generator.Parameters()) p.SetRequiresGrad(false);

        using var final = TensorScope.Enter();
        var ws = ExpandWs(wOpt.Detach(), numWs).Contiguous().Cpu().MoveToOuterScope();
        var codes = motion.Detach().Clone().Cpu().MoveToOuterScope();
        return new FitResult(ws, codes, steps, tuned, loss, interrupted);
    }

    /// <summary>
    /// Pivotal tuning on its own, after a <see cref="Fit"/> without it (<see cref="ProjectorOptions.TuneSteps"/> = 0), so the
    /// codes can be measured before and after tuning (the ground-truth benchmark): <see cref="ProjectorOptions.TuneSteps"/>
    /// steps on the generator's weights with <paramref name="codes"/> fixed, as <see cref="Fit"/> tunes, except that the
    /// frame order starts afresh from the seed. Returns the codes with the tuning's steps and final loss.
    /// </summary>
    public static FitResult TuneGenerator(TriPlaneGenerator generator, FitTargets targets, FitResult codes, ProjectorOptions options,
        IProgress<OptimizationProgress>? progress = null, CancellationToken cancellation = default)
    {
        options.Validate();
        var frames = (int)targets.Targets.Size(0);
        TorchRandom.ManualSeed(options.Seed);
        var order = new FrameOrder(frames, Math.Min(options.FramesPerStep, frames), options.Seed);
        var device = targets.Targets.Device;
        using var scope = TensorScope.Enter();
        var ws = codes.Ws.To(device);
        var motion = codes.Motion.To(device);
        var (steps, loss, interrupted) = options.TuneSteps > 0
            ? Tune(generator, targets, options, ws, motion, order, progress, cancellation)
            : (0, double.NaN, false);
        foreach (var p in generator.Parameters()) p.SetRequiresGrad(false);
        return codes with { TuneSteps = steps, Loss = steps > 0 ? loss : codes.Loss, Interrupted = codes.Interrupted || interrupted };
    }

    /// <summary>Pivotal tuning: the generator's synthesis weights fitted to the targets with the codes fixed.</summary>
    private static (int Steps, double Loss, bool Interrupted) Tune(TriPlaneGenerator generator, FitTargets targets, ProjectorOptions options,
        Tensor wOpt, Tensor motion, FrameOrder order, IProgress<OptimizationProgress>? progress, CancellationToken cancellation)
    {
        var parameters = generator.Parameters().ToList();
        foreach (var p in parameters) p.SetRequiresGrad(true);
        using var fixedW = wOpt.Detach().Clone().DetachFromScopes();
        using var fixedMotion = motion.Detach().Clone().DetachFromScopes();
        using var adam = new Adam(parameters, options.TuneLearningRate, (0.9, 0.999));
        var loss = double.NaN;
        for (var step = 0; step < options.TuneSteps; step++)
        {
            if (cancellation.IsCancellationRequested) return (step, loss, true);
            using var scope = TensorScope.Enter();
            var index = order.Next(fixedW.Device);
            var lossTensor = BatchLoss(generator, targets, options.Loss, fixedW, fixedMotion, index, generator.NumWs);
            adam.ZeroGrad();
            lossTensor.Backward();
            adam.Step();
            loss = lossTensor.Item();
            progress?.Report(new OptimizationProgress("tuning", step + 1, options.TuneSteps, loss));
        }
        return (options.TuneSteps, loss, false);
    }

    private static Tensor BatchLoss(TriPlaneGenerator generator, FitTargets targets, FitLoss fitLoss, Tensor w, Tensor motion, Tensor index, int numWs)
    {
        var b = index.Size(0);
        var ws = ExpandWs(w, numWs);
        var batchMotion = motion.Dim == 3 ? motion.IndexSelect(0, index) : motion.Expand(b, motion.Size(1));
        var output = generator.Synthesis(ws.Expand(b, numWs, ws.Size(2)), batchMotion, targets.Times.IndexSelect(0, index).Reshape(b, 1),
            targets.Cameras.IndexSelect(0, index), noiseMode: NoiseMode.Const, samplingMode: SamplingMode.Deterministic);
        return fitLoss.Compute(output.Image, targets.Targets.IndexSelect(0, index));
    }

    /// <summary>[1, 1, C] (W) → [1, num_ws, C]; W+ codes pass through.</summary>
    private static Tensor ExpandWs(Tensor w, int numWs) => w.Size(1) == numWs ? w : w.Expand(1, numWs, w.Size(2));

    /// <summary>w_avg [1, 1, C] and the scalar w_std = sqrt(Σ‖w − w_avg‖² / S), from S random z mapped with the camera.</summary>
    public static (Tensor WAvg, double WStd) EstimateWAvg(TriPlaneGenerator generator, Tensor mappingCamera, int samples)
    {
        using var noGrad = Autograd.NoGrad();
        using var scope = TensorScope.Enter();
        var device = mappingCamera.Device;
        const int chunk = 1000;
        var parts = new List<Tensor>();
        for (var start = 0; start < samples; start += chunk)
        {
            var n = Math.Min(chunk, samples - start);
            var z = Tensor.Randn(n, generator.ZDim).To(device);
            parts.Add(generator.Mapping(z, mappingCamera.Expand(n, mappingCamera.Size(1))).Select(1, 0));
        }
        var w = Tensor.Cat(parts.ToArray(), 0); // [S, C]
        var mean = w.Mean(0, keepDim: true);
        var std = Math.Sqrt((w - mean).Square().Sum().Item() / samples);
        return (mean.Unsqueeze(0).MoveToOuterScope(), std);
    }

    /// <summary>Frames per step from seeded shuffles of all frames (each epoch a new shuffle).</summary>
    private sealed class FrameOrder(int frames, int perStep, long seed)
    {
        private readonly Random _random = new((int)(seed % int.MaxValue));
        private readonly Queue<int> _queue = new();

        public Tensor Next(Device device)
        {
            var picked = new List<int>();
            while (picked.Count < perStep)
            {
                if (_queue.Count == 0)
                {
                    var all = Enumerable.Range(0, frames).ToArray();
                    _random.Shuffle(all);
                    foreach (var f in all) _queue.Enqueue(f);
                }
                var next = _queue.Dequeue();
                if (!picked.Contains(next)) picked.Add(next);
            }
            return Tensor.FromArray(picked.Select(i => (long)i).ToArray(), picked.Count).To(device);
        }
    }
}
