
namespace Pv3d.Torch.Modules;

/// <summary>Parameter initialisers of torch.nn.init that the basic layers need.</summary>
public static class Init
{
    /// <summary>
    /// Fan-in of a weight laid out as [out, in, *kernel] (the receptive field size times the input
    /// channels), as torch.nn.init computes it.
    /// </summary>
    public static long FanIn(long[] weightShape)
    {
        if (weightShape.Length < 2) throw new ArgumentException("fan-in needs a weight with at least two dimensions");
        long receptive = 1;
        for (var i = 2; i < weightShape.Length; i++) receptive *= weightShape[i];
        return weightShape[1] * receptive;
    }

    /// <summary>
    /// A new tensor drawn from U(low, high) with the global generator, drawing the same numbers as
    /// torch.nn.init.uniform_ after the same seed.
    /// </summary>
    public static Tensor Uniform(long[] shape, double low, double high, DType dtype = DType.Float32, Device? device = null) =>
        Tensor.Empty(shape, dtype, device).UniformInPlace(low, high);

    /// <summary>
    /// The default init of torch.nn.Linear and Conv2d weights, kaiming_uniform with a = sqrt(5) and
    /// leaky_relu gain: that reduces to U(-1/sqrt(fan_in), 1/sqrt(fan_in)), the same bound as their bias.
    /// </summary>
    public static Tensor DefaultLayerUniform(long[] shape, long fanIn, DType dtype = DType.Float32, Device? device = null)
    {
        var bound = fanIn > 0 ? 1.0 / Math.Sqrt(fanIn) : 0.0;
        return Uniform(shape, -bound, bound, dtype, device);
    }
}
