namespace Pv3d.Torch;

/// <summary>
/// Padding for <see cref="Functional.Upfirdn2d"/> and its helpers: (x before, x after, y before, y after);
/// negative values crop. Converts implicitly from one int (all sides) or an (x, y) tuple (both sides of
/// each axis), like StyleGAN's <c>padding</c> argument.
/// </summary>
public readonly record struct FirPadding(long X0, long X1, long Y0, long Y1)
{
    public static implicit operator FirPadding(int all) => new(all, all, all, all);
    public static implicit operator FirPadding((int X, int Y) xy) => new(xy.X, xy.X, xy.Y, xy.Y);
    public static implicit operator FirPadding((int X0, int X1, int Y0, int Y1) p) => new(p.X0, p.X1, p.Y0, p.Y1);

    public override string ToString() => $"({X0}, {X1}, {Y0}, {Y1})";
}
