using Pv3d.Checkpoints;
using Pv3d.Data;
using Pv3d.Torch;
using Pv3d.Training;
using Pv3d.Training.Loop;

namespace Pv3d.Bench;

/// <summary>
/// Can the tiny preset's video discriminator tell moving real pairs from the same pairs made still at all? Trains
/// it (fresh, or from a training checkpoint) on that task alone with the training Adam settings, and prints the
/// loss and the mean logit gap between moving and still pairs as it goes.
/// </summary>
public static class VideoDiscriminatorStillFit
{
    private const int Batch = 8;

    /// <param name="channelBase">Overrides the tiny video discriminator's channel base (0 keeps it); not with a checkpoint.</param>
    public static void Run(string dataDir, int steps, long channelBase, string? checkpoint)
    {
        var setup = TrainingPresets.Tiny();
        if (channelBase > 0)
            setup = setup with { Discriminators = setup.Discriminators with { Video = setup.Discriminators.Video with { ChannelBase = channelBase } } };
        TorchRandom.ManualSeed(7);
        using var nets = new TrainingNetworks(setup);
        if (checkpoint is not null) TrainingCheckpoint.Load(checkpoint, nets.Modules, nets.Optimizers, restoreRng: false);
        var dataset = new VideoDataset(dataDir, new VideoDatasetOptions { Resolution = setup.ImageResolution });
        var d = nets.VideoDiscriminator;
        var adam = nets.VideoDiscriminatorOptimizer;
        d.RequiresGrad(true);
        double lossSum = 0, gapSum = 0;
        for (var step = 1; step <= steps; step++)
        {
            using var scope = TensorScope.Enter();
            var indices = Enumerable.Range(0, Batch).Select(k => (step * Batch + k) % dataset.Count).ToList();
            using var real = dataset.GetBatch(indices, (ulong)step);
            var h = real.Frames.Size(3);
            var frames = real.Frames.Reshape(2 * Batch, 3, h, h);
            var cams = real.Cameras.Reshape(2 * Batch, -1);
            var moving = d.Forward(frames, real.Times, cams).Logits;
            var still = d.Forward(TrainingStep.StillPairs(frames), real.Times, cams).Logits;
            var loss = AdversarialLoss.DiscriminatorTerm(still, moving);
            lossSum += loss.Item();
            gapSum += (moving - still).Mean().Item();
            loss.Backward();
            adam.Step();
            adam.ZeroGrad();
            if (step % 25 == 0)
            {
                Console.WriteLine($"step {step,5}: loss {lossSum / 25:F3}, moving − still {gapSum / 25:F3}");
                lossSum = gapSum = 0;
            }
        }
    }
}
