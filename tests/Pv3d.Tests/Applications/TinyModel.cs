using Pv3d.Checkpoints;
using Pv3d.Config;
using Pv3d.Networks;
using Pv3d.Training.Loop;

namespace Pv3d.Tests.Applications;

/// <summary>
/// A randomly initialised model shaped like the tiny preset but smaller still, for fast application tests: 32² images
/// from 16² renderings (8 + 8 depth samples), 32² planes, 8-channel networks, written as our safetensors.
/// </summary>
public static class TinyModel
{
    public static ModelConfig Config(int imgResolution = 32)
    {
        var tiny = TrainingPresets.Tiny().Model;
        var generator = tiny.Generator with
        {
            ImgResolution = imgResolution,
            PlaneResolution = 32,
            ChannelBase = 256,
            ChannelMax = 8,
            RenderingKwargs = tiny.Generator.RenderingKwargs with { DepthResolution = 8, DepthResolutionImportance = 8 },
            SrKwargs = tiny.Generator.SrKwargs with { ChannelMax = 8 },
        };
        return tiny with { Generator = generator, RenderingResolution = imgResolution / 2 };
    }

    /// <summary>Writes the checkpoint (seeded initial weights) and returns its path.</summary>
    public static string Write(string directory, long seed = 0, int imgResolution = 32)
    {
        var path = Path.Combine(directory, $"tiny{imgResolution}-{seed}.safetensors");
        if (!File.Exists(path)) GeneratorInitializer.Create(path, Config(imgResolution), seed);
        return path;
    }
}
