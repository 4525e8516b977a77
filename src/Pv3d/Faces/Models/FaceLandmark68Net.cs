using Pv3d.Torch;

namespace Pv3d.Faces.Models;

/// <summary>
/// face-api's 68-point landmark net (<c>FaceLandmark68Net</c>: <c>FaceFeatureExtractor</c> + <c>FaceProcessor</c>'s
/// fully connected layer; model file <c>face_landmark_68_model</c>). Input: the face crop padded to a centred square
/// and resized to 112², minus the mean RGB (122.782, 117.001, 104.298), divided by 255. Four dense blocks
/// (<c>denseBlock4</c>: four convolutions, each fed the ReLU of the sum of the earlier outputs; the first strided
/// by 2, "same" padding) take 112² x 3 to 7² x 256; a 7x7 average pool (stride 2, valid) gives 1² x 256 and
/// <c>fc</c> 136 numbers, (x, y) pairs relative to the padded square. Weight names: <c>dense{0..3}/conv{0..3}/...</c>
/// (dense0/conv0 a plain conv, the others separable), <c>fc/weights</c> [256, 136], <c>fc/bias</c>.
/// </summary>
public sealed class FaceLandmark68Net : IDisposable
{
    public const string ModelName = "face_landmark_68_model";
    public const int InputSize = 112;

    private readonly TfWeights _weights;
    private readonly Tensor _conv0Filter, _conv0Bias;
    private readonly SeparableConv[][] _blocks;
    private readonly Tensor _fcWeight, _fcBias;

    public FaceLandmark68Net(WeightMap map)
    {
        _weights = new TfWeights(map);
        var channels = new long[] { 32, 64, 128, 256 };
        _conv0Filter = _weights.Conv("dense0/conv0/filters", 3, 3, 3, 32);
        _conv0Bias = _weights.Vector("dense0/conv0/bias", 32);
        _blocks = new SeparableConv[4][];
        for (var b = 0; b < 4; b++)
        {
            var cout = channels[b];
            var cin = b == 0 ? 3 : channels[b - 1];
            _blocks[b] = new SeparableConv[4];
            for (var c = b == 0 ? 1 : 0; c < 4; c++)
                _blocks[b][c] = SeparableConv.Load(_weights, $"dense{b}/conv{c}", c == 0 ? cin : cout, cout);
        }
        _fcWeight = _weights.Raw("fc/weights", 256, 136);
        _fcBias = _weights.Vector("fc/bias", 136);
    }

    /// <summary>Loads the net from the face model folder (see <see cref="FaceModelFolder"/>).</summary>
    public static FaceLandmark68Net Load(string? folder = null)
    {
        using var map = WeightMap.Load(FaceModelFolder.Manifest(ModelName, folder));
        return new FaceLandmark68Net(map);
    }

    /// <summary>The raw net output [N, 136] for a prepared batch [N, 3, 112, 112] (values 0..255, already square).</summary>
    public Tensor RunNet(Tensor batch)
    {
        using var scope = TensorScope.Enter();
        using var noGrad = Autograd.NoGrad();
        var x = NetInput.Normalize(batch);
        for (var b = 0; b < 4; b++) x = DenseBlock(x, b);
        x = Functional.AvgPool2d(x, 7, 2);          // [N, 256, 1, 1]
        var flat = x.Flatten(1);
        return flat.Matmul(_fcWeight).Add(_fcBias).MoveToOuterScope();
    }

    private Tensor DenseBlock(Tensor x, int b)
    {
        var convs = _blocks[b];
        var out1 = (b == 0 ? TfLayers.Conv2d(x, _conv0Filter, _conv0Bias, 2, same: true) : convs[0].Forward(x, 2)).Relu();
        var out2 = convs[1].Forward(out1, 1);
        var out3 = convs[2].Forward(out1.Add(out2).Relu(), 1);
        var out4 = convs[3].Forward(out1.Add(out2).Add(out3).Relu(), 1);
        return out1.Add(out2).Add(out3).Add(out4).Relu();
    }

    /// <summary>
    /// 68 landmarks (pixels of <paramref name="face"/>, [68, 2] as (x, y) in double) of a face crop [1, 3, H, W]
    /// (0..255): face-api's <c>detectLandmarks</c>, including its un-padding (it assumes the padding was split
    /// evenly, as face-api does).
    /// </summary>
    public double[,] DetectLandmarks(Tensor face)
    {
        using var scope = TensorScope.Enter();
        long h = face.Size(2), w = face.Size(3);
        var output = RunNet(NetInput.ToBatch(face, InputSize, centered: true)).ToArray<float>();
        var scale = (double)InputSize / Math.Max(h, w);
        double sw = w * scale, sh = h * scale;
        var padX = sw < sh ? Math.Abs(sw - sh) / 2 : 0;
        var padY = sh < sw ? Math.Abs(sw - sh) / 2 : 0;
        var result = new double[68, 2];
        for (var i = 0; i < 68; i++)
        {
            // face-api works in float32 tensors up to the relative positions; keep that rounding.
            var rx = (float)((float)((float)(output[2 * i] * (float)InputSize) - (float)padX) / (float)sw);
            var ry = (float)((float)((float)(output[2 * i + 1] * (float)InputSize) - (float)padY) / (float)sh);
            result[i, 0] = rx * (double)w;
            result[i, 1] = ry * (double)h;
        }
        return result;
    }

    public void Dispose() => _weights.Dispose();
}
