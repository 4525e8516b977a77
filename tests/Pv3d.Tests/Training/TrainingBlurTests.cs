using Pv3d.Torch;
using Pv3d.Training;

namespace Pv3d.Tests.Training;

public class TrainingBlurTests
{
    private static double[] ExpectedTaps(double sigma)
    {
        var size = (int)Math.Floor(3 * sigma);
        var taps = Enumerable.Range(-size, 2 * size + 1).Select(k => Math.Pow(2, -(k / sigma) * (k / sigma))).ToArray();
        var sum = taps.Sum();
        return taps.Select(t => t / sum).ToArray();
    }

    [Fact]
    public void KernelTapsArePowersOfTwoNormalised()
    {
        using var scope = TensorScope.Enter();
        foreach (var sigma in new[] { 0.5, 1.0, 2.7 })
        {
            var f = TrainingBlur.Kernel(sigma)!.ToArray<float>();
            var expected = ExpectedTaps(sigma);
            Assert.Equal(expected.Length, f.Length);
            for (var i = 0; i < f.Length; i++) Assert.Equal(expected[i], f[i], 1e-6);
        }
        Assert.Null(TrainingBlur.Kernel(0.3));
        Assert.Null(TrainingBlur.Kernel(0));
    }

    [Fact]
    public void ApplyingToAnImpulseGivesTheSeparableKernelAndSmallSigmaIsIdentity()
    {
        using var scope = TensorScope.Enter();
        const int n = 9;
        var img = new float[n * n];
        img[4 * n + 4] = 1;
        var x = Tensor.FromArray(img, 1, 1, n, n);
        var y = TrainingBlur.Apply(x, 1.0).ToArray<float>();
        var f = ExpectedTaps(1.0); // 7 taps centred on the impulse
        for (var i = 0; i < n; i++)
        for (var j = 0; j < n; j++)
        {
            var fi = Math.Abs(i - 4) <= 3 ? f[i - 4 + 3] : 0;
            var fj = Math.Abs(j - 4) <= 3 ? f[j - 4 + 3] : 0;
            Assert.Equal(fi * fj, y[i * n + j], 1e-6);
        }
        Assert.Same(x, TrainingBlur.Apply(x, 0.2));
    }
}
