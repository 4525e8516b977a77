namespace Pv3d.Torch;

// Functional spellings of the activations, for code ported from torch.nn.functional.
public static partial class Functional
{
    /// <summary>x for x &gt;= 0, negativeSlope * x otherwise.</summary>
    public static Tensor LeakyRelu(Tensor x, double negativeSlope = 0.01) => x.LeakyRelu(negativeSlope);

    /// <summary>log(1 + exp(beta x)) / beta, linear where beta x &gt; threshold (as PyTorch).</summary>
    public static Tensor Softplus(Tensor x, double beta = 1, double threshold = 20) => x.Softplus(beta, threshold);

    /// <summary>1 / (1 + exp(-x)).</summary>
    public static Tensor Sigmoid(Tensor x) => x.Sigmoid();
}
