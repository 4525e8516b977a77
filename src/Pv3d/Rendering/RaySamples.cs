using Pv3d.Torch;

namespace Pv3d.Rendering;

/// <summary>Decoded samples along rays: colors [N, M, S, C], raw densities [N, M, S, 1], points [N, M, S, 3].</summary>
internal sealed record RaySamples(Tensor Colors, Tensor Densities, Tensor Points)
{
    /// <summary>Both sample sets along each ray, merged and sorted by depth (official <c>unify_samples</c>).</summary>
    public static (Tensor Depths, Tensor Colors, Tensor Densities, Tensor Points) Unify(
        Tensor depths1, RaySamples samples1, Tensor depths2, RaySamples samples2)
    {
        var depths = Tensor.Cat(new[] { depths1, depths2 }, -2);
        var (sorted, order) = depths.Sort(-2);
        Tensor Gathered(Tensor a, Tensor b)
        {
            using var both = Tensor.Cat(new[] { a, b }, -2);
            using var index = order.Expand(-1, -1, -1, both.Size(-1));
            return both.Gather(-2, index);
        }
        return (sorted, Gathered(samples1.Colors, samples2.Colors), Gathered(samples1.Densities, samples2.Densities),
            Gathered(samples1.Points, samples2.Points));
    }
}
