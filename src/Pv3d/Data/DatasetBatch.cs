using Pv3d.Torch;

namespace Pv3d.Data;

/// <summary>
/// Real data for one training update: frames [B, 2, 3, H, W] in [−1, 1], cameras [B, 2, 25], times [B, 2]
/// (sorted, in [0, 1]; the video discriminator uses times[:, 1] − times[:, 0]). A single item has no B dimension.
/// </summary>
public sealed class DatasetBatch : IDisposable
{
    public DatasetBatch(Tensor frames, Tensor cameras, Tensor times)
    {
        Frames = frames;
        Cameras = cameras;
        Times = times;
    }

    public Tensor Frames { get; }
    public Tensor Cameras { get; }
    public Tensor Times { get; }

    /// <summary>Hands the three tensors to the scope enclosing the current one.</summary>
    public DatasetBatch MoveToOuterScope()
    {
        Frames.MoveToOuterScope();
        Cameras.MoveToOuterScope();
        Times.MoveToOuterScope();
        return this;
    }

    public void Dispose()
    {
        Frames.Dispose();
        Cameras.Dispose();
        Times.Dispose();
    }
}
