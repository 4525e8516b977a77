namespace Pv3d.Rendering;

/// <summary>How the importance renderer places its samples along each ray.</summary>
public enum SamplingMode
{
    /// <summary>
    /// As the official code: coarse depths jittered uniformly within their interval (except when a
    /// depth/xyz map is requested, where the official code also skips the jitter) and importance
    /// samples drawn with uniform random u. Draws from the global generator (<c>TorchRandom</c>).
    /// </summary>
    Stochastic,

    /// <summary>
    /// Coarse depths at exactly linspace(ray_start, ray_end, n), importance samples at
    /// u = linspace(0, 1, n) (the official det=True). The same inputs always give the same pixels.
    /// </summary>
    Deterministic,
}
