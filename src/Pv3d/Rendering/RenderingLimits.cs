namespace Pv3d.Rendering;

/// <summary>
/// Bounds on what a caller may ask of the renderer. Memory grows with the square of the neural rendering resolution
/// times the depth samples (the official models render 64² or 128²): 1024² already needs tens of GB per frame, and a
/// typo such as 100000 must be refused up front rather than end in an allocation failure minutes later.
/// </summary>
public static class RenderingLimits
{
    public const long MaxResolution = 1024;
}
