using Pv3d.Torch;

namespace Pv3d.Training;

/// <summary>
/// Generator pose conditioning (gpc): with probability p per video, the mapping network is conditioned on
/// the previous video's camera pair (a roll by one over videos) instead of its own. Rendering always
/// uses the video's own camera.
/// </summary>
public static class CameraSwap
{
    /// <summary>
    /// Cameras <c>[B, T, 25]</c> → conditioning cameras <c>[B·T, 25]</c>; one uniform draw per video
    /// from the global generator (<c>rand &lt; p</c> swaps).
    /// </summary>
    public static Tensor ConditioningCameras(Tensor cameras, double swapProbability)
    {
        if (cameras.Dim != 3) throw new ArgumentException($"cameras must be [videos, frames, 25], got [{string.Join(", ", cameras.Shape)}]", nameof(cameras));
        using var scope = TensorScope.Enter();
        var videos = cameras.Shape[0];
        var swapped = cameras.Roll(1, 0);
        var draw = Tensor.Rand(new[] { videos, 1L, 1L }, cameras.DType, cameras.Device).Lt(swapProbability);
        var chosen = Tensor.Where(draw, swapped, cameras);
        return chosen.Reshape(-1, cameras.Shape[2]).MoveToOuterScope();
    }
}
