using Pv3d.Torch;
using Pv3d.Torch.Modules;

namespace Pv3d.Distributed;

/// <summary>
/// Makes modules identical on every rank, as DistributedDataParallel does when it wraps a model: every parameter and
/// buffer (in state-dict order) is broadcast from rank 0, in place.
/// </summary>
public static class ModuleSync
{
    /// <summary>Overwrites every rank's parameters and buffers of <paramref name="modules"/> with rank 0's; returns the bytes sent.</summary>
    public static long BroadcastFromMain(DistributedSession session, IEnumerable<Module> modules)
    {
        using var noGrad = Autograd.NoGrad();
        long bytes = 0;
        foreach (var module in modules)
        {
            foreach (var (_, tensor) in module.NamedParameters().Concat(module.NamedBuffers()))
            {
                if (!tensor.IsContiguous) throw new InvalidOperationException("broadcast needs contiguous parameters and buffers");
                session.Broadcast(tensor, root: 0);
                bytes += tensor.NumEl * tensor.DType.ElementSize();
            }
        }
        return bytes;
    }
}
