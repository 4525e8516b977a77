using Pv3d.Config;
using Pv3d.Networks.Discriminators;

namespace Pv3d.Checkpoints;

/// <summary>
/// The discriminators stored in a checkpoint (null where it holds none of that network's keys), built
/// from its config, in eval mode. Disposing it frees the weights.
/// </summary>
public sealed record LoadedDiscriminators(DualDiscriminator? Image, VideoDiscriminator? Video, DiscriminatorConfig Config, string Source) : IDisposable
{
    public void Dispose()
    {
        Image?.Dispose();
        Video?.Dispose();
    }
}
