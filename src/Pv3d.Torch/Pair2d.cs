namespace Pv3d.Torch;

/// <summary>
/// A (height, width) pair for kernel sizes, strides, paddings and dilations. Converts implicitly from
/// one int (used for both) or an (h, w) tuple, so calls read like PyTorch: <c>stride: 2</c>, <c>padding: (1, 0)</c>.
/// </summary>
public readonly record struct Pair2d(long H, long W)
{
    public static implicit operator Pair2d(int both) => new(both, both);
    public static implicit operator Pair2d(long both) => new(both, both);
    public static implicit operator Pair2d((int H, int W) pair) => new(pair.H, pair.W);
    public static implicit operator Pair2d((long H, long W) pair) => new(pair.H, pair.W);

    internal long[] ToArray() => new[] { H, W };

    public override string ToString() => $"({H}, {W})";
}
