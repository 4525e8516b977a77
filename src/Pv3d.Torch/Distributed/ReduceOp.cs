namespace Pv3d.Torch.Distributed;

/// <summary>How <see cref="ProcessGroup.AllReduce"/> combines the ranks' tensors (codes of native/src/distributed.cpp).</summary>
public enum ReduceOp
{
    Sum = 0,
    /// <summary>The sum divided by the world size (Gloo has no native average); floating tensors only.</summary>
    Average = 1,
    Min = 2,
    Max = 3,
}
