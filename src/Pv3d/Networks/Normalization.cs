using Pv3d.Torch;

namespace Pv3d.Networks;

public static class Normalization
{
    /// <summary>StyleGAN's normalize_2nd_moment: <c>x · rsqrt(mean_dim(x²) + eps)</c> (unit mean square along <paramref name="dim"/>).</summary>
    public static Tensor Normalize2ndMoment(Tensor x, int dim = 1, double eps = 1e-8)
    {
        using var scope = TensorScope.Enter();
        var scale = x.Square().Mean(dim, keepDim: true).Add(eps).Rsqrt();
        return (x * scale).MoveToOuterScope();
    }
}
