using Pv3d.Data;
using Pv3d.Distributed;
using Pv3d.Networks;
using Pv3d.Torch;
using Pv3d.Torch.Optim;

namespace Pv3d.Training.Loop;

/// <summary>
/// One PV3D update in the official phase order (docs/notes/training.md §2): Gmain, Greg (every
/// gen_reg_interval), Dmain, Dreg (every disc_reg_interval), EMA. Each phase runs in its own tensor scope,
/// so nothing but the weights and the optimiser states outlives it.
/// Data-parallel (<see cref="BatchShards"/>): each phase runs this rank's shards one after another, accumulating
/// gradients of the shard losses divided by the rounds, averages the gradients over the ranks
/// (<see cref="GradientAverager"/>), then steps; the losses logged and the batch mean of w that moves
/// <c>w_avg</c> are averaged the same way, so every rank holds the same weights, EMA and <c>w_avg</c>.
/// </summary>
public sealed class TrainingStep
{
    private const int FramesPerVideo = 2;
    private const int PhaseCount = 4;
    private readonly TrainingNetworks _nets;
    private readonly TrainingSetup _setup;
    private readonly AdversarialLoss _loss;
    private readonly BatchShards _shards;
    private readonly GradientAverager? _averager;

    public TrainingStep(TrainingNetworks networks, TrainingSetup setup, BatchShards? shards = null, GradientAverager? averager = null)
    {
        _nets = networks;
        _setup = setup;
        _loss = new AdversarialLoss(setup.Training.Loss);
        _shards = shards ?? BatchShards.Single;
        _shards.Validate();
        if (_shards.WorldSize > 1 && averager is null)
            throw new ArgumentException("a step on several ranks needs a gradient averager", nameof(averager));
        _averager = _shards.WorldSize > 1 ? averager : null;
    }

    /// <summary>Videos each shard holds for a batch of <see cref="TrainingSetup.BatchSize"/>.</summary>
    public int ShardSize => _shards.ShardSize(_setup.BatchSize);

    /// <summary>
    /// Runs update <paramref name="numUpdates"/> with <paramref name="numSamples"/> real videos seen so far, on a real
    /// batch (frames [B, 2, 3, H, W], cameras [B, 2, 25], times [B, 2]) and generator cameras [4B, 2, 25]
    /// (one group of B per phase). Random draws (latents, times, camera swaps, points, noise) come from the
    /// global generator. The single-shard update.
    /// </summary>
    public StepResult Run(long numUpdates, long numSamples, DatasetBatch real, Tensor generatorCameras)
    {
        if (_shards.ShardCount != 1) throw new InvalidOperationException("a sharded step takes one real batch per round and a shard seed");
        return Run(numUpdates, numSamples, [real], generatorCameras, shardSeed: 0);
    }

    /// <summary>
    /// Runs update <paramref name="numUpdates"/> on this rank's shards: <paramref name="realRounds"/> holds one real
    /// batch of <see cref="ShardSize"/> videos per round (round k: shard <see cref="BatchShards.ShardOf"/>(k) of the
    /// update's batch), <paramref name="generatorCameras"/> the whole update's [4B, 2, 25] (every rank the same).
    /// With more than one shard, libtorch's generator is reseeded from (<paramref name="shardSeed"/>, phase, shard)
    /// before each shard of each phase; with one shard it is used as it stands.
    /// </summary>
    public StepResult Run(long numUpdates, long numSamples, IReadOnlyList<DatasetBatch> realRounds, Tensor generatorCameras, ulong shardSeed)
    {
        var config = _setup.Training;
        var schedule = config.Schedule;
        var rounds = _shards.RoundsPerRank;
        if (realRounds.Count != rounds) throw new ArgumentException($"expected {rounds} real batch(es), got {realRounds.Count}", nameof(realRounds));
        var b = realRounds[0].Frames.Size(0);
        var total = b * _shards.ShardCount;
        if (generatorCameras.Size(0) != 4 * total)
            throw new ArgumentException($"expected {4 * total} generator camera pairs, got {generatorCameras.Size(0)}", nameof(generatorCameras));

        var sigma = schedule.BlurSigma(numSamples);
        var swap = schedule.CameraSwapProbability(numSamples);
        var resolution = schedule.NeuralRenderingResolution(numSamples);
        // Phase i's cameras for round k: rows i·B + shard·b … of the update's 4B.
        Tensor Cams(int phaseIndex, int round) => generatorCameras.Narrow(0, phaseIndex * total + _shards.ShardOf(round) * b, b);
        var phase = new PhaseInputs(sigma, swap, resolution);

        using var scope = TensorScope.Enter();
        var reals = realRounds.Select(real => Reals(real, resolution, sigma)).ToList();
        var seeds = new ShardSeeds(_shards, shardSeed);

        var gMain = Phase(0, seeds, k => GeneratorMainLoss(Cams(0, k), phase), _nets.GeneratorOptimizer);
        double? gReg = LazyRegularization.IsRegStep(numUpdates, config.GenRegInterval)
            ? Phase(1, seeds, k => GeneratorRegLoss(Cams(1, k), phase), _nets.GeneratorOptimizer)
            : null;
        var wMeans = new List<Tensor>();
        var dMain = Phase(2, seeds, k => DiscriminatorMainLoss(Cams(2, k), reals[k], phase, wMeans),
            _nets.ImageDiscriminatorOptimizer, _nets.VideoDiscriminatorOptimizer);
        UpdateWAvg(wMeans);
        double? dReg = LazyRegularization.IsRegStep(numUpdates, config.DiscRegInterval)
            ? Phase(3, seeds, k => DiscriminatorRegLoss(reals[k], phase), _nets.ImageDiscriminatorOptimizer, _nets.VideoDiscriminatorOptimizer)
            : null;

        var beta = schedule.EmaBeta(numSamples, schedule.BatchSize);
        Ema.Update(_nets.GeneratorEma, _nets.Generator, beta);
        return new StepResult(numUpdates, numSamples, sigma, swap, resolution, beta, gMain, gReg, dMain, dReg);
    }

    /// <summary>The real frames at full size and at the rendering resolution (blurred), for one round.</summary>
    private static RealInputs Reals(DatasetBatch real, int resolution, double sigma)
    {
        var b = real.Frames.Size(0);
        var h = real.Frames.Size(3);
        var realImage = real.Frames.Reshape(b * FramesPerVideo, 3, h, h);
        var realRaw = TrainingBlur.Apply(
            Functional.Interpolate(realImage, new Pair2d(resolution, resolution), InterpolateMode.Bilinear, alignCorners: false, antialias: true),
            sigma);
        var realCams = real.Cameras.Reshape(b * FramesPerVideo, -1);
        return new RealInputs(realImage, realRaw, real.Times, realCams);
    }

    /// <summary>Reseeds libtorch's generator per (phase, shard) when the batch is sharded.</summary>
    private sealed class ShardSeeds(BatchShards shards, ulong seed)
    {
        public void Before(int phaseIndex, int round)
        {
            if (shards.ShardCount == 1) return;
            var stream = (ulong)(phaseIndex * shards.ShardCount + shards.ShardOf(round));
            TorchRandom.ManualSeed((long)(DataRandom.ForStream(seed, stream).NextUInt64() >> 1));
        }
    }

    /// <summary>
    /// One phase: for each round, its loss and backward (scaled by 1/rounds, so the accumulated gradient is the mean
    /// over this rank's shards), then the gradients averaged over ranks, optional nan_to_num, the optimiser steps and
    /// the gradients cleared. Returns the loss averaged over all shards of all ranks.
    /// </summary>
    private double Phase(int phaseIndex, ShardSeeds seeds, Func<int, Tensor> shardLoss, params Adam[] optimizers)
    {
        var rounds = _shards.RoundsPerRank;
        double sum = 0;
        for (var k = 0; k < rounds; k++)
        {
            using var scope = TensorScope.Enter();
            seeds.Before(phaseIndex, k);
            var loss = shardLoss(k);
            sum += loss.Item();
            (rounds == 1 ? loss : loss.Mul(1.0 / rounds)).Backward();
        }
        var value = sum / rounds;
        var parameters = optimizers.SelectMany(adam => adam.ParamGroups.SelectMany(g => g.Parameters)).ToList();
        if (_averager is not null)
        {
            _averager.AverageGradients(parameters);
            value = AverageOverRanks(value);
        }
        foreach (var adam in optimizers)
        {
            if (_setup.Training.NanToNum) GradientSanitizer.NanToNum(adam.ParamGroups.SelectMany(g => g.Parameters).ToList());
            adam.Step();
            adam.ZeroGrad();
        }
        return value;
    }

    private double AverageOverRanks(double value)
    {
        using var scope = TensorScope.Enter();
        var t = Tensor.FromArray(new[] { value }, 1);
        _averager!.AverageInPlace(t);
        return t.Item();
    }

    /// <summary>
    /// Moves w_avg towards the update's mean w (the official mapping network does it in the forward pass of Dmain's
    /// generator run): the mean over this rank's rounds, then over the ranks, which is the whole batch's mean because
    /// the shards are equal. One shard: exactly the official update.
    /// </summary>
    private void UpdateWAvg(List<Tensor> shardMeans)
    {
        var mapping = _nets.Generator.Backbone.Mapping;
        if (shardMeans.Count == 0 || mapping.WAvgBeta is not double beta || mapping.WAvg is not { } wAvg) return;
        using var scope = TensorScope.Enter();
        using var noGrad = Autograd.NoGrad();
        var mean = shardMeans[0];
        for (var i = 1; i < shardMeans.Count; i++) mean = mean.Add(shardMeans[i]);
        if (shardMeans.Count > 1) mean = mean.Div(shardMeans.Count);
        _averager?.AverageInPlace(mean);
        wAvg.CopyFrom(mean.Lerp(wAvg, beta));
    }

    private sealed record PhaseInputs(double BlurSigma, double SwapProbability, int RenderingResolution);

    private sealed record RealInputs(Tensor Image, Tensor ImageRaw, Tensor Times, Tensor Cameras);

    private sealed record Fakes(Tensor Image, Tensor ImageRaw, Tensor Times, Tensor Cameras);

    private sealed record Latents(Tensor Ws, Tensor ZMotion, Tensor Times);

    /// <summary>
    /// Fresh appearance and motion codes and times for B videos (in this draw order), w from the gpc-swapped mapping
    /// camera. With <paramref name="wMeans"/> (Dmain's run, official <c>update_emas=True</c>) the batch mean of w
    /// [w_dim] is added to it, for <see cref="UpdateWAvg"/> once the phase is done.
    /// </summary>
    private Latents SampleLatents(Tensor cameraPairs, PhaseInputs phase, List<Tensor>? wMeans = null)
    {
        var g = _nets.Generator;
        var b = cameraPairs.Size(0);
        var z = LatentSampling.PerVideo(b, FramesPerVideo, (int)g.ZDim);
        var zMotion = LatentSampling.PerVideo(b, FramesPerVideo, (int)g.MotionDim);
        var ts = FramePairSampling.GeneratorTimes(b);
        var cMapping = CameraSwap.ConditioningCameras(cameraPairs, phase.SwapProbability);
        var ws = g.Mapping(z, cMapping);
        if (wMeans is not null)
        {
            using var noGrad = Autograd.NoGrad();
            // ws [N, num_ws, w_dim] repeats the mapping's output per w; a contiguous copy of one row set reduces
            // exactly as the mapping's own [N, w_dim] output would.
            wMeans.Add(ws.Select(1, 0).Detach().Contiguous().Mean(0).MoveToOuterScope());
        }
        return new Latents(ws, zMotion, ts);
    }

    /// <summary>Fresh latents (see <see cref="SampleLatents"/>), synthesis with the true cameras.</summary>
    private Fakes RunGenerator(Tensor cameraPairs, PhaseInputs phase, List<Tensor>? wMeans = null)
    {
        var latents = SampleLatents(cameraPairs, phase, wMeans);
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

    private Tensor GeneratorMainLoss(Tensor cameraPairs, PhaseInputs phase)
    {
        SetTrainable(generator: true);
        var fake = RunGenerator(cameraPairs, phase);
        var (img, vid) = RunDiscriminators(fake.Image, fake.ImageRaw, fake.Times, fake.Cameras, phase.BlurSigma);
        return _loss.GeneratorMain(img, vid);
    }

    private Tensor GeneratorRegLoss(Tensor cameraPairs, PhaseInputs phase)
    {
        SetTrainable(generator: true);
        var latents = SampleLatents(cameraPairs, phase);
        var (s0, s1) = DensityRegularizer.SampleSigmas(
            points => _nets.Generator.SampleMixed(points, Tensor.RandnLike(points), latents.Ws, latents.ZMotion, latents.Times).Sigma,
            cameraPairs.Size(0) * FramesPerVideo, _setup.Training.DensityRegPDist, _setup.DensityRegPoints);
        return _loss.GeneratorReg(s0, s1);
    }

    private Tensor DiscriminatorMainLoss(Tensor cameraPairs, RealInputs reals, PhaseInputs phase, List<Tensor> wMeans)
    {
        SetTrainable(generator: false);
        Fakes fake;
        using (Autograd.NoGrad()) fake = RunGenerator(cameraPairs, phase, wMeans);
        var (fakeImg, fakeVid) = RunDiscriminators(fake.Image, fake.ImageRaw, fake.Times, fake.Cameras, phase.BlurSigma);
        var realBlurred = TrainingBlur.Apply(reals.Image, phase.BlurSigma);
        var (realImg, realVid) = ScoreBlurred(realBlurred, reals.ImageRaw, reals.Times, reals.Cameras);
        var loss = _loss.DiscriminatorMain(fakeImg, realImg, fakeVid, realVid);
        if (_setup.Training.Loss.VidStill > 0)
        {
            var still = StillPairs(realBlurred);
            loss = loss + _loss.DiscriminatorStill(_nets.VideoDiscriminator.Forward(still, reals.Times, reals.Cameras).Logits);
        }
        return loss;
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
    private Tensor DiscriminatorRegLoss(RealInputs reals, PhaseInputs phase)
    {
        SetTrainable(generator: false);
        var image = reals.Image.Detach().SetRequiresGrad();
        var raw = reals.ImageRaw.Detach().SetRequiresGrad();
        var blurred = TrainingBlur.Apply(image, phase.BlurSigma);
        var imgLogits = _nets.ImageDiscriminator.Forward(blurred, raw, reals.Cameras);
        var imgPenalty = R1Penalty.Compute(imgLogits, new[] { blurred, raw });
        var (vidLogits, vidInput) = _nets.VideoDiscriminator.Forward(blurred, reals.Times, reals.Cameras);
        var vidPenalty = R1Penalty.Compute(vidLogits, new[] { vidInput });
        return _loss.DiscriminatorReg(imgPenalty, vidPenalty);
    }

    private void SetTrainable(bool generator)
    {
        _nets.Generator.RequiresGrad(generator);
        _nets.ImageDiscriminator.RequiresGrad(!generator);
        _nets.VideoDiscriminator.RequiresGrad(!generator);
    }
}
