using Pv3d.Data;
using Pv3d.Networks;
using Pv3d.Torch;
using Pv3d.Torch.Optim;

namespace Pv3d.Training.Loop;

/// <summary>
/// One PV3D update in the official phase order (docs/notes/training.md §2): Gmain, Greg (every
/// gen_reg_interval), Dmain, Dreg (every disc_reg_interval), EMA. Each phase runs in its own tensor scope,
/// so nothing but the weights and the optimiser states outlives it.
/// </summary>
public sealed class TrainingStep
{
    private const int FramesPerVideo = 2;
    private readonly TrainingNetworks _nets;
    private readonly TrainingSetup _setup;
    private readonly AdversarialLoss _loss;

    public TrainingStep(TrainingNetworks networks, TrainingSetup setup)
    {
        _nets = networks;
        _setup = setup;
        _loss = new AdversarialLoss(setup.Training.Loss);
    }

    /// <summary>
    /// Runs update <paramref name="numUpdates"/> with <paramref name="numSamples"/> real videos seen so far, on a real
    /// batch (frames [B, 2, 3, H, W], cameras [B, 2, 25], times [B, 2]) and generator cameras [4B, 2, 25]
    /// (one group of B per phase). Random draws (latents, times, camera swaps, points, noise) come from the
    /// global generator.
    /// </summary>
    public StepResult Run(long numUpdates, long numSamples, DatasetBatch real, Tensor generatorCameras)
    {
        var config = _setup.Training;
        var schedule = config.Schedule;
        var b = real.Frames.Size(0);
        if (generatorCameras.Size(0) != 4 * b)
            throw new ArgumentException($"expected {4 * b} generator camera pairs, got {generatorCameras.Size(0)}", nameof(generatorCameras));

        var sigma = schedule.BlurSigma(numSamples);
        var swap = schedule.CameraSwapProbability(numSamples);
        var resolution = schedule.NeuralRenderingResolution(numSamples);
        var genCams = Enumerable.Range(0, 4).Select(i => generatorCameras.Narrow(0, i * b, b)).ToArray();
        var phase = new PhaseInputs(sigma, swap, resolution);

        using var scope = TensorScope.Enter();
        var h = real.Frames.Size(3);
        var realImage = real.Frames.Reshape(b * FramesPerVideo, 3, h, h);
        var realRaw = TrainingBlur.Apply(
            Functional.Interpolate(realImage, new Pair2d(resolution, resolution), InterpolateMode.Bilinear, alignCorners: false, antialias: true),
            sigma);
        var realCams = real.Cameras.Reshape(b * FramesPerVideo, -1);
        var reals = new RealInputs(realImage, realRaw, real.Times, realCams);

        var gMain = GeneratorMain(genCams[0], phase);
        double? gReg = LazyRegularization.IsRegStep(numUpdates, config.GenRegInterval) ? GeneratorReg(genCams[1], phase) : null;
        var dMain = DiscriminatorMain(genCams[2], reals, phase);
        double? dReg = LazyRegularization.IsRegStep(numUpdates, config.DiscRegInterval) ? DiscriminatorReg(reals, phase) : null;

        var beta = schedule.EmaBeta(numSamples, schedule.BatchSize);
        Ema.Update(_nets.GeneratorEma, _nets.Generator, beta);
        return new StepResult(numUpdates, numSamples, sigma, swap, resolution, beta, gMain, gReg, dMain, dReg);
    }

    private sealed record PhaseInputs(double BlurSigma, double SwapProbability, int RenderingResolution);

    private sealed record RealInputs(Tensor Image, Tensor ImageRaw, Tensor Times, Tensor Cameras);

    private sealed record Fakes(Tensor Image, Tensor ImageRaw, Tensor Times, Tensor Cameras);

    private sealed record Latents(Tensor Ws, Tensor ZMotion, Tensor Times);

    /// <summary>Fresh appearance and motion codes and times for B videos (in this draw order), w from the gpc-swapped mapping camera.</summary>
    private Latents SampleLatents(Tensor cameraPairs, PhaseInputs phase, bool updateEmas)
    {
        var g = _nets.Generator;
        var b = cameraPairs.Size(0);
        var z = LatentSampling.PerVideo(b, FramesPerVideo, (int)g.ZDim);
        var zMotion = LatentSampling.PerVideo(b, FramesPerVideo, (int)g.MotionDim);
        var ts = FramePairSampling.GeneratorTimes(b);
        var cMapping = CameraSwap.ConditioningCameras(cameraPairs, phase.SwapProbability);
        return new Latents(g.Mapping(z, cMapping, updateEmas: updateEmas), zMotion, ts);
    }

    /// <summary>Fresh latents (see <see cref="SampleLatents"/>), synthesis with the true cameras.</summary>
    private Fakes RunGenerator(Tensor cameraPairs, PhaseInputs phase, bool updateEmas)
    {
        var latents = SampleLatents(cameraPairs, phase, updateEmas);
        var c = cameraPairs.Reshape(cameraPairs.Size(0) * FramesPerVideo, -1);
        var output = _nets.Generator.Synthesis(latents.Ws, latents.ZMotion, latents.Times, c, phase.RenderingResolution);
        return new Fakes(output.Image, output.ImageRaw, latents.Times, c);
    }

    /// <summary>Both discriminators' logits; the SR image is blurred (the raw image is not: reals are pre-blurred).</summary>
    private (Tensor Img, Tensor Vid) RunDiscriminators(Tensor image, Tensor imageRaw, Tensor times, Tensor cameras, double sigma) =>
        ScoreBlurred(TrainingBlur.Apply(image, sigma), imageRaw, times, cameras);

    /// <summary>Both discriminators' logits on an already blurred SR image.</summary>
    private (Tensor Img, Tensor Vid) ScoreBlurred(Tensor blurred, Tensor imageRaw, Tensor times, Tensor cameras)
    {
        var img = _nets.ImageDiscriminator.Forward(blurred, imageRaw, cameras);
        var (vid, _) = _nets.VideoDiscriminator.Forward(blurred, times, cameras);
        return (img, vid);
    }

    private double GeneratorMain(Tensor cameraPairs, PhaseInputs phase)
    {
        using var scope = TensorScope.Enter();
        SetTrainable(generator: true);
        var fake = RunGenerator(cameraPairs, phase, updateEmas: false);
        var (img, vid) = RunDiscriminators(fake.Image, fake.ImageRaw, fake.Times, fake.Cameras, phase.BlurSigma);
        var loss = _loss.GeneratorMain(img, vid);
        return Optimize(loss, _nets.GeneratorOptimizer);
    }

    private double GeneratorReg(Tensor cameraPairs, PhaseInputs phase)
    {
        using var scope = TensorScope.Enter();
        SetTrainable(generator: true);
        var latents = SampleLatents(cameraPairs, phase, updateEmas: false);
        var (s0, s1) = DensityRegularizer.SampleSigmas(
            points => _nets.Generator.SampleMixed(points, Tensor.RandnLike(points), latents.Ws, latents.ZMotion, latents.Times).Sigma,
            cameraPairs.Size(0) * FramesPerVideo, _setup.Training.DensityRegPDist, _setup.DensityRegPoints);
        var loss = _loss.GeneratorReg(s0, s1);
        return Optimize(loss, _nets.GeneratorOptimizer);
    }

    private double DiscriminatorMain(Tensor cameraPairs, RealInputs reals, PhaseInputs phase)
    {
        using var scope = TensorScope.Enter();
        SetTrainable(generator: false);
        Fakes fake;
        using (Autograd.NoGrad()) fake = RunGenerator(cameraPairs, phase, updateEmas: true);
        var (fakeImg, fakeVid) = RunDiscriminators(fake.Image, fake.ImageRaw, fake.Times, fake.Cameras, phase.BlurSigma);
        var realBlurred = TrainingBlur.Apply(reals.Image, phase.BlurSigma);
        var (realImg, realVid) = ScoreBlurred(realBlurred, reals.ImageRaw, reals.Times, reals.Cameras);
        var loss = _loss.DiscriminatorMain(fakeImg, realImg, fakeVid, realVid);
        if (_setup.Training.Loss.VidStill > 0)
        {
            var still = StillPairs(realBlurred);
            loss = loss + _loss.DiscriminatorStill(_nets.VideoDiscriminator.Forward(still, reals.Times, reals.Cameras).Logits);
        }
        return Optimize(loss, _nets.ImageDiscriminatorOptimizer, _nets.VideoDiscriminatorOptimizer);
    }

    /// <summary>Frames [B·2, C, H, W] → the same videos made still: each video's second frame replaced by its first.</summary>
    public static Tensor StillPairs(Tensor frames)
    {
        using var scope = TensorScope.Enter();
        long c = frames.Size(1), h = frames.Size(2), w = frames.Size(3);
        var first = frames.Reshape(-1, FramesPerVideo, c, h, w).Narrow(1, 0, 1);
        return first.Expand(-1, FramesPerVideo, c, h, w).Reshape(-1, c, h, w).MoveToOuterScope();
    }

    /// <summary>R1 on reals: image D w.r.t. its (blurred) image and raw image, video D w.r.t. its 7-channel input.</summary>
    private double DiscriminatorReg(RealInputs reals, PhaseInputs phase)
    {
        using var scope = TensorScope.Enter();
        SetTrainable(generator: false);
        var image = reals.Image.Detach().SetRequiresGrad();
        var raw = reals.ImageRaw.Detach().SetRequiresGrad();
        var blurred = TrainingBlur.Apply(image, phase.BlurSigma);
        var imgLogits = _nets.ImageDiscriminator.Forward(blurred, raw, reals.Cameras);
        var imgPenalty = R1Penalty.Compute(imgLogits, new[] { blurred, raw });
        var (vidLogits, vidInput) = _nets.VideoDiscriminator.Forward(blurred, reals.Times, reals.Cameras);
        var vidPenalty = R1Penalty.Compute(vidLogits, new[] { vidInput });
        var loss = _loss.DiscriminatorReg(imgPenalty, vidPenalty);
        return Optimize(loss, _nets.ImageDiscriminatorOptimizer, _nets.VideoDiscriminatorOptimizer);
    }

    private void SetTrainable(bool generator)
    {
        _nets.Generator.RequiresGrad(generator);
        _nets.ImageDiscriminator.RequiresGrad(!generator);
        _nets.VideoDiscriminator.RequiresGrad(!generator);
    }

    /// <summary>backward, optional nan_to_num, step and clear each optimiser; returns the loss value.</summary>
    private double Optimize(Tensor loss, params Adam[] optimizers)
    {
        var value = loss.Item();
        loss.Backward();
        foreach (var adam in optimizers)
        {
            var parameters = adam.ParamGroups.SelectMany(g => g.Parameters).ToList();
            if (_setup.Training.NanToNum) GradientSanitizer.NanToNum(parameters);
            adam.Step();
            adam.ZeroGrad();
        }
        return value;
    }
}
