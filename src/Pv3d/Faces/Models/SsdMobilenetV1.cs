using Pv3d.Faces.Detection;
using Pv3d.Torch;

namespace Pv3d.Faces.Models;

/// <summary>
/// face-api's SSD face detector (<c>SsdMobilenetv1</c>, model file <c>ssd_mobilenetv1_model</c>). The image is padded
/// to a square at the right/bottom, resized to 512², mapped to [-1, 1]. MobileNetV1 (<c>mobileNetV1</c>): conv_0 a 3x3
/// stride-2 conv, then 13 pairs of a depthwise 3x3 conv (batch norm, eps 1e-3; strides 2 at pairs 2, 4, 6, 12) and a
/// 1x1 conv, each with its bias ("convolution_bn_offset") and ReLU6, "same" padding. The prediction layer adds eight
/// convs (1x1 / 3x3 stride 2, alternating) and six box predictors (on pair 11's output (32²), the backbone output
/// (16²) and the extra maps 8², 4², 2², 1²), 3 anchors on the first map and 6 on the others: 5118 anchors
/// (<c>Output/extra_dim</c>, corners (ymin, xmin, ymax, xmax)). Box decoding (<c>outputLayer</c>): centre offsets
/// /10, log sizes /5 (the usual SSD variances); score = sigmoid of class 1.
/// </summary>
public sealed class SsdMobilenetV1 : IDisposable
{
    public const string ModelName = "ssd_mobilenetv1_model";
    public const int InputSize = 512;
    private const double BatchNormEpsilon = 0.0010000000474974513;

    private sealed record Pointwise(Tensor Filter, Tensor Bias)
    {
        public Tensor Forward(Tensor x, long stride) => TfLayers.Conv2d(x, Filter, Bias, stride, same: true).Clamp(0, 6);
    }

    /// <summary>Depthwise filter and the batch norm folded into a scale and shift (x * scale + shift).</summary>
    private sealed record Depthwise(Tensor Filter, Tensor Scale, Tensor Shift)
    {
        public Tensor Forward(Tensor x, long stride) =>
            TfLayers.DepthwiseConv2d(x, Filter, stride, same: true).Mul(Scale).Add(Shift).Clamp(0, 6);
    }

    private sealed record BoxPredictor(Tensor BoxFilter, Tensor BoxBias, Tensor ClassFilter, Tensor ClassBias);

    private readonly TfWeights _weights;
    private readonly Pointwise _conv0;
    private readonly (Depthwise D, Pointwise P)[] _pairs;
    private readonly Pointwise[] _extra;
    private readonly BoxPredictor[] _predictors;
    private readonly Tensor _anchors;   // [5118, 4]

    public SsdMobilenetV1(WeightMap map)
    {
        _weights = new TfWeights(map);
        _conv0 = new Pointwise(_weights.Conv("MobilenetV1/Conv2d_0_pointwise/weights", 3, 3, 3, 32),
            _weights.Vector("MobilenetV1/Conv2d_0_pointwise/convolution_bn_offset", 32));
        var widths = new long[] { 32, 64, 128, 128, 256, 256, 512, 512, 512, 512, 512, 512, 1024, 1024 };
        _pairs = new (Depthwise, Pointwise)[13];
        for (var i = 1; i <= 13; i++)
        {
            var cin = widths[i - 1];
            var cout = widths[i];
            var p = $"MobilenetV1/Conv2d_{i}_depthwise";
            // The depthwise layer's batch norm, in double, folded to one multiply-add (tf.batchNorm computes
            // (x - mean) * gamma / sqrt(var + eps) + beta).
            var gamma = map.Get($"{p}/BatchNorm/gamma", cin).To(DType.Float64);
            var beta = map.Get($"{p}/BatchNorm/beta", cin).To(DType.Float64);
            var mean = map.Get($"{p}/BatchNorm/moving_mean", cin).To(DType.Float64);
            var variance = map.Get($"{p}/BatchNorm/moving_variance", cin).To(DType.Float64);
            var scale = gamma.Div(variance.Add(BatchNormEpsilon).Sqrt());
            var shift = beta.Sub(mean.Mul(scale));
            _pairs[i - 1] = (
                new Depthwise(_weights.Depthwise($"{p}/depthwise_weights", 3, 3, cin),
                    Own(TfLayers.Channels(scale.To(DType.Float32))), Own(TfLayers.Channels(shift.To(DType.Float32)))),
                new Pointwise(_weights.Conv($"MobilenetV1/Conv2d_{i}_pointwise/weights", 1, 1, cin, cout),
                    _weights.Vector($"MobilenetV1/Conv2d_{i}_pointwise/convolution_bn_offset", cout)));
        }
        var extraIn = new long[] { 1024, 256, 512, 128, 256, 128, 256, 64 };
        var extraOut = new long[] { 256, 512, 128, 256, 128, 256, 64, 128 };
        _extra = new Pointwise[8];
        for (var i = 0; i < 8; i++)
        {
            var k = i % 2 == 0 ? 1 : 3;
            _extra[i] = new Pointwise(_weights.Conv($"Prediction/Conv2d_{i}_pointwise/weights", k, k, extraIn[i], extraOut[i]),
                _weights.Vector($"Prediction/Conv2d_{i}_pointwise/convolution_bn_offset", extraOut[i]));
        }
        var predictorIn = new long[] { 512, 1024, 512, 256, 256, 128 };
        _predictors = new BoxPredictor[6];
        for (var i = 0; i < 6; i++)
        {
            var anchors = i == 0 ? 3 : 6;
            var p = $"Prediction/BoxPredictor_{i}";
            _predictors[i] = new BoxPredictor(
                _weights.Conv($"{p}/BoxEncodingPredictor/weights", 1, 1, predictorIn[i], anchors * 4),
                _weights.Vector($"{p}/BoxEncodingPredictor/biases", anchors * 4),
                _weights.Conv($"{p}/ClassPredictor/weights", 1, 1, predictorIn[i], anchors * 3),
                _weights.Vector($"{p}/ClassPredictor/biases", anchors * 3));
        }
        _anchors = _weights.Raw("Output/extra_dim", 1, 5118, 4).Reshape(5118, 4).DetachFromScopes();
    }

    private readonly List<Tensor> _own = new();

    private Tensor Own(Tensor t)
    {
        t.DetachFromScopes();
        _own.Add(t);
        return t;
    }

    public static SsdMobilenetV1 Load(string? folder = null)
    {
        using var map = WeightMap.Load(FaceModelFolder.Manifest(ModelName, folder));
        return new SsdMobilenetV1(map);
    }

    /// <summary>
    /// Decoded boxes [N, 5118, 4] as (ymin, xmin, ymax, xmax) relative to the padded square, and scores [N, 5118],
    /// for a prepared batch [N, 3, 512, 512] (values 0..255): face-api's <c>forwardInput</c>.
    /// </summary>
    public (Tensor Boxes, Tensor Scores) RunNet(Tensor batch)
    {
        using var scope = TensorScope.Enter();
        using var noGrad = Autograd.NoGrad();
        var x = batch.Div(127.5).Sub(1.0);
        x = _conv0.Forward(x, 2);
        Tensor? conv11 = null;
        for (var i = 1; i <= 13; i++)
        {
            var stride = i is 2 or 4 or 6 or 12 ? 2 : 1;
            x = _pairs[i - 1].D.Forward(x, stride);
            x = _pairs[i - 1].P.Forward(x, 1);
            if (i == 11) conv11 = x;
        }
        var c0 = _extra[0].Forward(x, 1);
        var c1 = _extra[1].Forward(c0, 2);
        var c2 = _extra[2].Forward(c1, 1);
        var c3 = _extra[3].Forward(c2, 2);
        var c4 = _extra[4].Forward(c3, 1);
        var c5 = _extra[5].Forward(c4, 2);
        var c6 = _extra[6].Forward(c5, 1);
        var c7 = _extra[7].Forward(c6, 2);
        var maps = new[] { conv11!, x, c1, c3, c5, c7 };
        var encodings = new List<Tensor>();
        var classes = new List<Tensor>();
        var n = batch.Size(0);
        for (var i = 0; i < 6; i++)
        {
            var p = _predictors[i];
            // NHWC order (row, column, anchor) as TF's reshape sees it.
            encodings.Add(Functional.Conv2d(maps[i], p.BoxFilter, p.BoxBias).Permute(0, 2, 3, 1).Reshape(n, -1, 4));
            classes.Add(Functional.Conv2d(maps[i], p.ClassFilter, p.ClassBias).Permute(0, 2, 3, 1).Reshape(n, -1, 3));
        }
        var enc = Tensor.Cat(encodings, 1);            // [N, 5118, 4]
        var cls = Tensor.Cat(classes, 1);              // [N, 5118, 3]
        var boxes = Decode(enc);
        var scores = cls.Select(2, 1).Sigmoid();
        return (boxes.MoveToOuterScope(), scores.MoveToOuterScope());
    }

    private Tensor Decode(Tensor enc)
    {
        var a = _anchors.Unsqueeze(0);
        var sizeY = a.Select(2, 2).Sub(a.Select(2, 0));
        var sizeX = a.Select(2, 3).Sub(a.Select(2, 1));
        var centerY = a.Select(2, 0).Add(sizeY.Div(2));
        var centerX = a.Select(2, 1).Add(sizeX.Div(2));
        var halfH = enc.Select(2, 2).Div(5).Exp().Mul(sizeY).Div(2);
        var cy = enc.Select(2, 0).Div(10).Mul(sizeY).Add(centerY);
        var halfW = enc.Select(2, 3).Div(5).Exp().Mul(sizeX).Div(2);
        var cx = enc.Select(2, 1).Div(10).Mul(sizeX).Add(centerX);
        return Tensor.Stack(new[] { cy.Sub(halfH), cx.Sub(halfW), cy.Add(halfH), cx.Add(halfW) }, 2);
    }

    /// <summary>
    /// Faces in an image [1, 3, H, W] (0..255), in pixels, best first: face-api's <c>locateFaces</c> (NMS at IoU 0.5;
    /// face-api's defaults are minConfidence 0.5, maxResults 100).
    /// </summary>
    public List<FaceBox> LocateFaces(Tensor image, double minConfidence = 0.5, int maxResults = 100)
    {
        using var scope = TensorScope.Enter();
        long h = image.Size(2), w = image.Size(3);
        var (boxes, scores) = RunNet(NetInput.ToBatch(image, InputSize, centered: false));
        var b = boxes.Select(0, 0).To(DType.Float64).ToArray<double>();
        var s = scores.Select(0, 0).ToArray<float>().Select(v => (double)v).ToList();
        var rows = Enumerable.Range(0, s.Count).Select(i => new[] { b[4 * i], b[4 * i + 1], b[4 * i + 2], b[4 * i + 3] }).ToList();
        var keep = NonMaxSuppression.Select(rows, s, maxResults, 0.5, minConfidence);
        // face-api: reshaped dims round(side * 512 / max side); relative box = clamp01(box) * 512 / reshaped; pixels = relative * size.
        var scale = (double)InputSize / Math.Max(h, w);
        var padX = InputSize / Math.Round(w * scale);
        var padY = InputSize / Math.Round(h * scale);
        var result = new List<FaceBox>();
        foreach (var i in keep)
        {
            var r = rows[i];
            double top = Math.Max(0, r[0]) * padY, bottom = Math.Min(1, r[2]) * padY;
            double left = Math.Max(0, r[1]) * padX, right = Math.Min(1, r[3]) * padX;
            result.Add(new FaceBox(left * w, top * h, (right - left) * w, (bottom - top) * h, s[i]));
        }
        return result;
    }

    public void Dispose()
    {
        _weights.Dispose();
        _anchors.Dispose();
        foreach (var t in _own) t.Dispose();
    }
}
