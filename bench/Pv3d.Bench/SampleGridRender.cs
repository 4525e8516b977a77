using Pv3d.Checkpoints;
using Pv3d.Data;
using Pv3d.Training;
using Pv3d.Training.Loop;
using Pv3d.Video;

namespace Pv3d.Bench;

/// <summary>Re-renders a training checkpoint's sample grid (G_ema, the run's seed) with the current grid code.</summary>
public static class SampleGridRender
{
    public static void Write(string checkpoint, string dataDir, string path, string preset = "tiny", ulong seed = 0)
    {
        var setup = TrainingPresets.Get(preset);
        using var nets = new TrainingNetworks(setup);
        var progress = TrainingCheckpoint.Load(checkpoint, nets.Modules, nets.Optimizers, restoreRng: false).Progress;
        var dataset = new VideoDataset(dataDir, new VideoDatasetOptions { Resolution = setup.ImageResolution });
        using var grid = new SampleGrid(dataset, seed);
        VideoWriter.WritePng(path, grid.Render(nets.GeneratorEma));
        Console.WriteLine($"wrote {path}: the sample grid of {checkpoint} (update {progress.NumUpdates})");
    }
}
