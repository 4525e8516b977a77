namespace Pv3d.Torch;

/// <summary>How <see cref="Functional.Pad"/> fills the border.</summary>
public enum PadMode
{
    Constant = 0,
    Reflect = 1,
    Replicate = 2,
    Circular = 3,
}

/// <summary>Interpolation of <see cref="Functional.GridSample"/> (libtorch's codes).</summary>
public enum GridSampleMode
{
    Bilinear = 0,
    Nearest = 1,
    Bicubic = 2,
}

/// <summary>What <see cref="Functional.GridSample"/> reads outside the input (libtorch's codes).</summary>
public enum GridSamplePadding
{
    Zeros = 0,
    Border = 1,
    Reflection = 2,
}

/// <summary>Resampling of <see cref="Functional.Interpolate"/>; NearestExact is PyTorch's 'nearest-exact'.</summary>
public enum InterpolateMode
{
    Nearest = 0,
    Bilinear = 1,
    Bicubic = 2,
    Area = 3,
    NearestExact = 4,
}
