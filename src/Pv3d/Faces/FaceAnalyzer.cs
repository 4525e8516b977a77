using Pv3d.Faces.Detection;
using Pv3d.Faces.Models;
using Pv3d.Torch;

namespace Pv3d.Faces;

/// <summary>
/// Detection, landmarks and descriptors for a whole image, the way face-api's
/// <c>detectAllFaces(input, SsdMobilenetv1Options).withFaceLandmarks().withFaceDescriptors()</c> chains them for a
/// tensor input: SSD boxes; each box clipped to the image and floored (<c>clipAtImageBorders</c>) and cut out; the
/// landmark net on the cut-out, its points shifted by the unfloored box corner; the descriptor's crop is face-api's
/// dlib-style square from the eye and mouth centres (<c>FaceLandmarks.alignDlib</c>, see <see cref="DescriptorBox"/>),
/// clipped, cut out and described by the recognition net. Owns the three nets.
/// </summary>
public sealed class FaceAnalyzer : IDisposable
{
    private readonly SsdMobilenetV1 _detector;
    private readonly FaceLandmark68Net _landmarks;
    private readonly FaceRecognitionNet _recognition;

    public FaceAnalyzer(string? modelFolder = null)
    {
        var folder = FaceModelFolder.Resolve(modelFolder);
        _detector = SsdMobilenetV1.Load(folder);
        _landmarks = FaceLandmark68Net.Load(folder);
        _recognition = FaceRecognitionNet.Load(folder);
    }

    /// <summary>Detector score threshold (face-api's minConfidence; default 0.5).</summary>
    public double MinConfidence { get; init; } = 0.5;

    public SsdMobilenetV1 Detector => _detector;
    public FaceLandmark68Net LandmarkNet => _landmarks;
    public FaceRecognitionNet RecognitionNet => _recognition;

    /// <summary>All faces in an image [1, 3, H, W] (0..255), in the detector's order (best score first).</summary>
    public List<DetectedFace> Analyze(Tensor image, bool withDescriptors = true)
    {
        using var scope = TensorScope.Enter();
        var result = new List<DetectedFace>();
        foreach (var box in _detector.LocateFaces(image, MinConfidence))
        {
            var crop = Crop(image, box);
            if (crop is null) continue;
            var landmarks = _landmarks.DetectLandmarks(crop);
            for (var i = 0; i < 68; i++)
            {
                landmarks[i, 0] += box.X;
                landmarks[i, 1] += box.Y;
            }
            var aligned = AlignedBox(landmarks, box.Score);
            float[]? descriptor = null;
            if (withDescriptors && Crop(image, DescriptorBox(landmarks, image.Size(3), image.Size(2))) is { } faceCrop)
                descriptor = _recognition.ComputeDescriptor(faceCrop);
            result.Add(new DetectedFace(box, landmarks, aligned, descriptor));
        }
        return result;
    }

    /// <summary>The 128-d descriptor of the face whose landmarks are given (the crop face-api would use).</summary>
    public float[]? Describe(Tensor image, double[,] landmarks)
    {
        using var scope = TensorScope.Enter();
        return Crop(image, DescriptorBox(landmarks, image.Size(3), image.Size(2))) is { } crop ? _recognition.ComputeDescriptor(crop) : null;
    }

    /// <summary>
    /// The crop the recognition net sees (face-api's <c>alignDlib</c>): eye centres (points 36-41, 42-47) and mouth
    /// centre (48-67); side = floor(mean eye-to-mouth distance / 0.45); the square's corner is floor(max(0, centre -
    /// (0.5, 0.43) * side)) where centre is the mean of the three centres.
    /// </summary>
    public static FaceBox DescriptorBox(double[,] landmarks, long imageWidth, long imageHeight)
    {
        (double X, double Y) Center(int from, int to)
        {
            double x = 0, y = 0;
            for (var i = from; i < to; i++) { x += landmarks[i, 0]; y += landmarks[i, 1]; }
            return (x / (to - from), y / (to - from));
        }
        var left = Center(36, 42);
        var right = Center(42, 48);
        var mouth = Center(48, 68);
        double Dist((double X, double Y) a) => Math.Sqrt((mouth.X - a.X) * (mouth.X - a.X) + (mouth.Y - a.Y) * (mouth.Y - a.Y));
        var size = Math.Floor((Dist(left) + Dist(right)) / 2 / 0.45);
        var cx = (left.X + right.X + mouth.X) / 3;
        var cy = (left.Y + right.Y + mouth.Y) / 3;
        var x = Math.Floor(Math.Max(0, cx - 0.5 * size));
        var y = Math.Floor(Math.Max(0, cy - 0.43 * size));
        return new FaceBox(x, y, Math.Min(size, imageWidth + x), Math.Min(size, imageHeight + y), 1);
    }

    /// <summary>face-api's <c>FaceLandmarks.align()</c>: the landmarks' bounding box grown by 20% (10% each side).</summary>
    public static FaceBox AlignedBox(double[,] landmarks, double score)
    {
        double minX = double.PositiveInfinity, minY = double.PositiveInfinity, maxX = 0, maxY = 0;
        for (var i = 0; i < landmarks.GetLength(0); i++)
        {
            minX = Math.Min(minX, landmarks[i, 0]);
            minY = Math.Min(minY, landmarks[i, 1]);
            maxX = Math.Max(maxX, landmarks[i, 0]);
            maxY = Math.Max(maxY, landmarks[i, 1]);
        }
        double w = maxX - minX, h = maxY - minY;
        return new FaceBox(minX - w * 0.1, minY - h * 0.1, w * 1.2, h * 1.2, score);
    }

    /// <summary>The image region of a box clipped to the image and floored (face-api's clipAtImageBorders), or null when empty.</summary>
    public static Tensor? Crop(Tensor image, FaceBox box)
    {
        long h = image.Size(2), w = image.Size(3);
        var x = Math.Max(box.X, 0);
        var y = Math.Max(box.Y, 0);
        var cw = Math.Min(box.Right - x, w - x);
        var ch = Math.Min(box.Bottom - y, h - y);
        long fx = (long)Math.Floor(x), fy = (long)Math.Floor(y), fw = (long)Math.Floor(cw), fh = (long)Math.Floor(ch);
        if (fw <= 0 || fh <= 0) return null;
        return image.Narrow(2, fy, fh).Narrow(3, fx, fw).Contiguous();
    }

    public void Dispose()
    {
        _detector.Dispose();
        _landmarks.Dispose();
        _recognition.Dispose();
    }
}
