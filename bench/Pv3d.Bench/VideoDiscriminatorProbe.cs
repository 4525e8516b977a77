using Pv3d.Checkpoints;
using Pv3d.Data;
using Pv3d.Torch;
using Pv3d.Training;
using Pv3d.Training.Loop;

namespace Pv3d.Bench;

/// <summary>
/// Does a training checkpoint's video discriminator punish still videos? It scores real frame pairs as they are and
/// with the second frame replaced by the first (same times and cameras), and the same for the generator's pairs.
/// A large gap between "real" and "real, still" means a generator whose videos do not move is told so. It also
/// prints how much the two frames of a pair differ, over the frame and in the mouth window of bench/motion_maps.py.
/// </summary>
public static class VideoDiscriminatorProbe
{
    private const int Batch = 8;

    public static void Run(string checkpoint, string dataDir, string preset, int batches)
    {
        var setup = TrainingPresets.Get(preset);
        using var nets = new TrainingNetworks(setup);
        var progress = TrainingCheckpoint.Load(checkpoint, nets.Modules, nets.Optimizers, restoreRng: false).Progress;
        var dataset = new VideoDataset(dataDir, new VideoDatasetOptions { Resolution = setup.ImageResolution });
        TorchRandom.ManualSeed(1234);
        var sums = new Dictionary<string, double>();
        void Add(string key, double value) => sums[key] = sums.GetValueOrDefault(key) + value / batches;

        using (Autograd.NoGrad())
        {
            for (var i = 0; i < batches; i++)
            {
                using var scope = TensorScope.Enter();
                var indices = Enumerable.Range(i * Batch, Batch).Select(k => k % dataset.Count).ToList();
                using var real = dataset.GetBatch(indices, (ulong)(7919 + i));
                var h = real.Frames.Size(3);
                var realFrames = real.Frames.Reshape(2 * Batch, 3, h, h);
                var realCams = real.Cameras.Reshape(2 * Batch, -1);
                Score("real", realFrames, real.Times, realCams, nets, Add);

                var pairs = dataset.GeneratorCameras(Batch, DataRandom.ForStream(99, (ulong)i));
                var times = FramePairSampling.GeneratorTimes(Batch);
                var cams = pairs.Reshape(2 * Batch, -1);
                var z = LatentSampling.PerVideo(Batch, 2, (int)nets.Generator.ZDim);
                var zMotion = LatentSampling.PerVideo(Batch, 2, (int)nets.Generator.MotionDim);
                foreach (var (name, g) in new[] { ("G", nets.Generator), ("G_ema", nets.GeneratorEma) })
                {
                    var ws = g.Mapping(z, cams);
                    var fake = g.Synthesis(ws, zMotion, times, cams, setup.Model.RenderingResolution);
                    Score(name, fake.Image, times, cams, nets, Add);
                }
            }
        }
        Console.WriteLine($"{checkpoint} (update {progress.NumUpdates}), {batches * Batch} videos per row");
        Console.WriteLine($"{"pairs",-8} {"D_vid",8} {"D_vid still",12} {"gap",7} {"|f1-f0|",9} {"mouth",7} {"ratio",6}");
        foreach (var name in new[] { "real", "G", "G_ema" })
        {
            var moving = sums[$"{name}.moving"];
            var still = sums[$"{name}.still"];
            var diff = sums[$"{name}.diff"];
            var mouth = sums[$"{name}.mouth"];
            Console.WriteLine($"{name,-8} {moving,8:F3} {still,12:F3} {moving - still,7:F3} {diff,9:F4} {mouth,7:F4} {mouth / diff,6:F2}");
        }
    }

    /// <summary>Mean logits of the pairs as given and with frame 1 := frame 0; mean |frame 1 − frame 0| over all and in the mouth window.</summary>
    private static void Score(string name, Tensor frames, Tensor times, Tensor cams, TrainingNetworks nets, Action<string, double> add)
    {
        var b = times.Size(0);
        var h = frames.Size(3);
        var video = frames.Reshape(b, 2, 3, h, h);
        var first = video.Select(1, 0);
        var still = TrainingStep.StillPairs(frames);
        add($"{name}.moving", nets.VideoDiscriminator.Forward(frames, times, cams).Logits.Mean().Item());
        add($"{name}.still", nets.VideoDiscriminator.Forward(still, times, cams).Logits.Mean().Item());
        var change = (video.Select(1, 1) - first).Abs();
        add($"{name}.diff", change.Mean().Item());
        long top = (long)(0.62 * h), bottom = (long)(0.82 * h), left = (long)(0.34 * h), right = (long)(0.66 * h);
        add($"{name}.mouth", change.Narrow(2, top, bottom - top).Narrow(3, left, right - left).Mean().Item());
    }
}
