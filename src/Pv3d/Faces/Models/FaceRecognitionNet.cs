using Pv3d.Torch;

namespace Pv3d.Faces.Models;

/// <summary>
/// face-api's 128-d face descriptor (<c>FaceRecognitionNet</c>, model file <c>face_recognition_model</c>; a
/// ResNet-34-like net ported from dlib). Input: the face crop padded to a centred square, resized to 150², minus
/// the mean RGB (122.782, 117.001, 104.298), divided by 255. Layers (each conv = conv + bias, then the per-channel
/// "scale" layer x * weights + biases): <c>conv32_down</c> 7x7 stride 2 valid + ReLU, 3x3 max pool stride 2 valid,
/// residual blocks 32 x3, 64 (down) x4, 128 (down) x3, 256 (down) x3, <c>conv256_down_out</c>; a global mean and
/// <c>fc</c> [256, 128] (no bias). Down blocks: 3x3 stride-2 valid conv; the shortcut is a 2x2 average pool,
/// zero-padded in channels; where the conv output is one pixel smaller it gets a zero row and column at the end.
/// Euclidean distances between descriptors below about 0.6 mean the same person (face-api's default threshold).
/// </summary>
public sealed class FaceRecognitionNet : IDisposable
{
    public const string ModelName = "face_recognition_model";
    public const int InputSize = 150;

    private sealed record ConvLayer(Tensor Filter, Tensor Bias, Tensor Scale, Tensor Shift)
    {
        public Tensor Forward(Tensor x, long stride, bool same, bool relu)
        {
            var y = TfLayers.Conv2d(x, Filter, Bias, stride, same).Mul(Scale).Add(Shift);
            return relu ? y.Relu() : y;
        }
    }

    private sealed record Residual(ConvLayer Conv1, ConvLayer Conv2, bool Down);

    private readonly TfWeights _weights;
    private readonly ConvLayer _stem;
    private readonly Residual[] _blocks;
    private readonly Tensor _fc;

    public FaceRecognitionNet(WeightMap map)
    {
        _weights = new TfWeights(map);
        _stem = Conv("conv32_down", 7, 3, 32);
        var blocks = new List<Residual>();
        void Add(string name, long cin, long cout, bool down) =>
            blocks.Add(new Residual(Conv($"{name}/conv1", 3, cin, cout), Conv($"{name}/conv2", 3, cout, cout), down));
        for (var i = 1; i <= 3; i++) Add($"conv32_{i}", 32, 32, false);
        Add("conv64_down", 32, 64, true);
        for (var i = 1; i <= 3; i++) Add($"conv64_{i}", 64, 64, false);
        Add("conv128_down", 64, 128, true);
        for (var i = 1; i <= 2; i++) Add($"conv128_{i}", 128, 128, false);
        Add("conv256_down", 128, 256, true);
        for (var i = 1; i <= 2; i++) Add($"conv256_{i}", 256, 256, false);
        Add("conv256_down_out", 256, 256, true);
        _blocks = blocks.ToArray();
        _fc = _weights.Raw("fc", 256, 128);
    }

    private ConvLayer Conv(string prefix, long k, long cin, long cout) => new(
        _weights.Conv($"{prefix}/conv/filters", k, k, cin, cout),
        _weights.Vector($"{prefix}/conv/bias", cout),
        _weights.Channels($"{prefix}/scale/weights", cout),
        _weights.Channels($"{prefix}/scale/biases", cout));

    public static FaceRecognitionNet Load(string? folder = null)
    {
        using var map = WeightMap.Load(FaceModelFolder.Manifest(ModelName, folder));
        return new FaceRecognitionNet(map);
    }

    /// <summary>Descriptors [N, 128] of a prepared batch [N, 3, 150, 150] (values 0..255).</summary>
    public Tensor RunNet(Tensor batch)
    {
        using var scope = TensorScope.Enter();
        using var noGrad = Autograd.NoGrad();
        var x = NetInput.Normalize(batch);
        x = _stem.Forward(x, 2, same: false, relu: true);
        x = Functional.MaxPool2d(x, 3, 2);
        foreach (var block in _blocks) x = block.Down ? ResidualDown(x, block) : ResidualSame(x, block);
        var pooled = x.Mean(new[] { 2, 3 });          // [N, 256]
        return pooled.Matmul(_fc).MoveToOuterScope();
    }

    private static Tensor ResidualSame(Tensor x, Residual r)
    {
        var y = r.Conv1.Forward(x, 1, same: true, relu: true);
        y = r.Conv2.Forward(y, 1, same: true, relu: false);
        return y.Add(x).Relu();
    }

    private static Tensor ResidualDown(Tensor x, Residual r)
    {
        var y = r.Conv1.Forward(x, 2, same: false, relu: true);
        y = r.Conv2.Forward(y, 1, same: true, relu: false);
        var pooled = Functional.AvgPool2d(x, 2, 2);
        if (pooled.Size(2) != y.Size(2) || pooled.Size(3) != y.Size(3))
            y = Functional.Pad(y, new long[] { 0, 1, 0, 1 });
        if (pooled.Size(1) != y.Size(1))
            pooled = Tensor.Cat(new[] { pooled, Tensor.ZerosLike(pooled) }, 1);
        return pooled.Add(y).Relu();
    }

    /// <summary>The 128-d descriptor of a face crop [1, 3, H, W] (0..255): face-api's <c>computeFaceDescriptor</c>.</summary>
    public float[] ComputeDescriptor(Tensor face)
    {
        using var scope = TensorScope.Enter();
        return RunNet(NetInput.ToBatch(face, InputSize, centered: true)).ToArray<float>();
    }

    public void Dispose() => _weights.Dispose();
}
