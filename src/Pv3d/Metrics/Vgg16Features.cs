using Pv3d.Torch;

namespace Pv3d.Metrics;

/// <summary>
/// torchvision's VGG16 convolutional trunk (<c>vgg16().features</c>, configuration D: 13 3×3 convs with ReLU, 2×2 max
/// pools after convs 2, 4, 7, 10), up to relu5_3, returning the five activations LPIPS compares: relu1_2, relu2_2,
/// relu3_3, relu4_3, relu5_3 (<c>features</c> indices 3, 8, 15, 22, 29). Weights come from the torchvision state dict
/// (<c>features.N.weight</c> [out, in, 3, 3], <c>features.N.bias</c>), e.g. <c>vgg16-397923af.pth</c>, read by the safe
/// checkpoint reader; the classifier is not used.
/// </summary>
public sealed class Vgg16Features : IDisposable
{
    /// <summary>Output channels of each conv ('M' = max pool), torchvision's configuration D.</summary>
    private static readonly int[] Layout = { 64, 64, -1, 128, 128, -1, 256, 256, 256, -1, 512, 512, 512, -1, 512, 512, 512 };

    /// <summary>Indices in <c>features</c> of the ReLUs LPIPS taps.</summary>
    public static readonly int[] TapIndices = { 3, 8, 15, 22, 29 };

    public static readonly int[] TapChannels = { 64, 128, 256, 512, 512 };

    private readonly List<(int Index, Tensor Weight, Tensor Bias)> _convs = new();

    /// <param name="stateDict">features.N.weight / features.N.bias for every conv (other keys are ignored).</param>
    public Vgg16Features(IReadOnlyDictionary<string, Tensor> stateDict, string source)
    {
        var index = 0;
        var inChannels = 3;
        foreach (var item in Layout)
        {
            if (item < 0)
            {
                index += 1; // max pool
                continue;
            }
            var weight = Need(stateDict, $"features.{index}.weight", new long[] { item, inChannels, 3, 3 }, source);
            var bias = Need(stateDict, $"features.{index}.bias", new long[] { item }, source);
            _convs.Add((index, weight, bias));
            inChannels = item;
            index += 2; // conv, relu
        }
    }

    /// <summary>Images [N, 3, H, W] already scaled as VGG expects → the five tapped activations.</summary>
    public Tensor[] Forward(Tensor x)
    {
        using var scope = TensorScope.Enter();
        var taps = new List<Tensor>();
        var h = x;
        var conv = 0;
        var position = 0; // index in torchvision's features
        foreach (var item in Layout)
        {
            if (item < 0)
            {
                h = Functional.MaxPool2d(h, 2, 2);
                position += 1;
                continue;
            }
            var (_, w, b) = _convs[conv++];
            h = Functional.Conv2d(h, w, b, padding: 1).Relu();
            position += 2;
            if (TapIndices.Contains(position - 1)) taps.Add(h);
        }
        return taps.Select(t => t.MoveToOuterScope()).ToArray();
    }

    internal static Tensor Need(IReadOnlyDictionary<string, Tensor> stateDict, string key, long[] shape, string source)
    {
        if (!stateDict.TryGetValue(key, out var t)) throw new Pv3dException($"{source}: has no '{key}' (expected {Describe(shape)})");
        if (!t.Shape.SequenceEqual(shape)) throw new Pv3dException($"{source}: '{key}' is {Describe(t.Shape)}, expected {Describe(shape)}");
        return t.To(DType.Float32).DetachFromScopes();
    }

    private static string Describe(IEnumerable<long> shape) => $"[{string.Join(", ", shape)}]";

    public void Dispose()
    {
        foreach (var (_, w, b) in _convs)
        {
            w.Dispose();
            b.Dispose();
        }
    }
}
