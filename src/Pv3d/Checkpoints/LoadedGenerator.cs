using Pv3d.Config;
using Pv3d.Networks;

namespace Pv3d.Checkpoints;

/// <summary>A generator built from a checkpoint's config, holding its weights, in eval mode. Disposing it frees the weights.</summary>
public sealed record LoadedGenerator(TriPlaneGenerator Generator, ModelConfig Config, string Source, CheckpointFormat Format, string Network) : IDisposable
{
    public void Dispose() => Generator.Dispose();
}
