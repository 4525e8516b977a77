using Pv3d.Torch;

namespace Pv3d.Rendering;

/// <summary>
/// Where rays enter and leave the axis-aligned cube of side <c>box_warp</c> centred at the origin
/// (official <c>get_ray_limits_box</c>, the slab method), for <c>ray_start = ray_end = 'auto'</c>.
/// </summary>
public static class RayLimits
{
    /// <summary>
    /// origins, directions [N, M, 3] → entry and exit distances, each [N, M, 1]; rays that miss the
    /// box get entry −1 and exit −2. Not differentiable (inputs are detached, as in the official code).
    /// </summary>
    public static (Tensor Start, Tensor End) IntersectBox(Tensor origins, Tensor directions, double boxSide)
    {
        using var scope = TensorScope.Enter();
        var o = origins.Detach();
        var invDir = 1.0 / directions.Detach();
        var half = boxSide / 2;

        // Slab per axis: the near face is the one the ray moves towards.
        (Tensor Min, Tensor Max) Slab(int axis)
        {
            var inv = invDir.Select(-1, axis);
            var near = Tensor.Where(inv.Lt(0), Tensor.FullLike(inv, half), Tensor.FullLike(inv, -half));
            return ((near - o.Select(-1, axis)) * inv, (-near - o.Select(-1, axis)) * inv);
        }

        var (tMin, tMax) = Slab(0);
        var (tyMin, tyMax) = Slab(1);
        var invalid = tMin.Gt(tyMax) | tyMin.Gt(tMax);
        tMin = tMin.Maximum(tyMin);
        tMax = tMax.Minimum(tyMax);

        var (tzMin, tzMax) = Slab(2);
        invalid = invalid | tMin.Gt(tzMax) | tzMin.Gt(tMax);
        tMin = tMin.Maximum(tzMin).MaskedFill(invalid, -1);
        tMax = tMax.Minimum(tzMax).MaskedFill(invalid, -2);
        return (tMin.Unsqueeze(-1).MoveToOuterScope(), tMax.Unsqueeze(-1).MoveToOuterScope());
    }

    /// <summary>
    /// The official fix-up for rays that miss the box (when at least one ray hits it): their start
    /// becomes the smallest valid start and their end the largest valid <em>start</em> (sic), so
    /// their samples collapse into the valid depth range.
    /// </summary>
    public static (Tensor Start, Tensor End) FillMisses(Tensor start, Tensor end)
    {
        using var scope = TensorScope.Enter();
        var valid = end.Gt(start);
        if (valid.Any().Item() == 0) return (start.Clone().MoveToOuterScope(), end.Clone().MoveToOuterScope());
        var validStarts = start.MaskedSelect(valid);
        var missed = valid.LogicalNot();
        var s = Tensor.Where(missed, validStarts.Min().To(start.DType), start);
        var e = Tensor.Where(missed, validStarts.Max().To(end.DType), end);
        return (s.MoveToOuterScope(), e.MoveToOuterScope());
    }
}
