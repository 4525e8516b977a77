using Pv3d.Torch;

namespace Pv3d.Networks;

/// <summary>
/// StyleGAN2's modulated convolution: the weight is scaled per sample by the style of each input
/// channel and (optionally) demodulated to unit norm per output channel, then applied with
/// <see cref="Conv2dResample"/>. The fused form folds styles into one grouped convolution per batch;
/// the non-fused form scales the activations before and after a shared convolution instead.
/// (The official fp16 pre-normalisation is not needed: everything here runs in float32.)
/// </summary>
public static class ModulatedConv
{
    /// <param name="x">[N, I, H, W].</param>
    /// <param name="weight">[O, I, k, k].</param>
    /// <param name="styles">[N, I].</param>
    /// <param name="noise">Added after demodulation; broadcast to [N, O, H', W'].</param>
    public static Tensor Apply(Tensor x, Tensor weight, Tensor styles, Tensor? noise = null, int up = 1, int down = 1,
        int padding = 0, Tensor? resampleFilter = null, bool demodulate = true, bool flipWeight = true, bool fusedModconv = true)
    {
        var n = x.Size(0);
        var wShape = weight.Shape;
        if (wShape.Length != 4) throw new ArgumentException($"modulated conv weight must be [O, I, kh, kw], got [{string.Join(", ", wShape)}]");
        long outChannels = wShape[0], inChannels = wShape[1], kh = wShape[2], kw = wShape[3];
        if (x.Dim != 4 || x.Size(1) != inChannels)
            throw new ArgumentException($"modulated conv input must be [N, {inChannels}, H, W], got [{string.Join(", ", x.Shape)}]");
        if (styles.Dim != 2 || styles.Size(0) != n || styles.Size(1) != inChannels)
            throw new ArgumentException($"styles must be [{n}, {inChannels}], got [{string.Join(", ", styles.Shape)}]");

        using var scope = TensorScope.Enter();

        // Per-sample weights [N, O, I, k, k] and demodulation coefficients [N, O].
        Tensor? w = null;
        Tensor? dcoefs = null;
        if (demodulate || fusedModconv)
        {
            using var w0 = weight.Unsqueeze(0);
            using var s = styles.Reshape(n, 1, -1, 1, 1);
            w = w0 * s;
        }
        if (demodulate)
            dcoefs = w!.Square().Sum([2, 3, 4]).Add(1e-8).Rsqrt();

        Tensor y;
        if (!fusedModconv)
        {
            var xs = x * styles.Reshape(n, -1, 1, 1);
            y = Conv2dResample.Apply(xs, weight, resampleFilter, up, down, padding, flipWeight: flipWeight);
            xs.Dispose();
            if (demodulate)
            {
                var d = dcoefs!.Reshape(n, -1, 1, 1);
                y = noise != null ? Fma(y, d, noise) : Scale(y, d);
            }
            else if (noise != null)
            {
                y = AddNoise(y, noise);
            }
            return y.MoveToOuterScope();
        }

        if (demodulate) w = w! * dcoefs!.Reshape(n, -1, 1, 1, 1);
        var xg = x.Reshape(1, -1, x.Size(2), x.Size(3));
        var wg = w!.Reshape(-1, inChannels, kh, kw);
        var yg = Conv2dResample.Apply(xg, wg, resampleFilter, up, down, padding, groups: (int)n, flipWeight: flipWeight);
        y = yg.Reshape(n, -1, yg.Size(2), yg.Size(3));
        if (noise != null) y = AddNoise(y, noise);
        return y.MoveToOuterScope();
    }

    // The official fma(x, a, b) = x·a + b.
    private static Tensor Fma(Tensor x, Tensor a, Tensor b)
    {
        var y = Scale(x, a);
        return AddNoise(y, b);
    }

    private static Tensor Scale(Tensor x, Tensor a) => x.RequiresGrad ? x * a : x.MulInPlace(a);

    private static Tensor AddNoise(Tensor x, Tensor noise) => x.RequiresGrad ? x + noise : x.AddInPlace(noise);
}
