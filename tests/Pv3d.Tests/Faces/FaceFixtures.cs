using System.Text.Json;
using Pv3d.Faces;
using Pv3d.Torch;
using Pv3d.Torch.IO;

namespace Pv3d.Tests.Faces;

/// <summary>
/// Inputs and references of tests/fixtures/faces/make_face_fixtures.mjs (face-api.js 1.7.15 on tfjs's CPU backend).
/// The inputs are rebuilt here from the script's recipe; the photo is Debian's skimage astronaut.png (setup.sh).
/// </summary>
internal static class FaceFixtures
{
    public const string AstronautPath = "/usr/lib/python3/dist-packages/skimage/data/astronaut.png";

    public static string Path(string name) => System.IO.Path.Combine(AppContext.BaseDirectory, "fixtures", "faces", name);

    public static float[] Npy(string name)
    {
        using var scope = TensorScope.Enter();
        return Torch.IO.Npy.Load(Path(name)).To(DType.Float32).ToArray<float>();
    }

    /// <summary>The script's pattern(h, w, k) as [1, 3, h, w] float32 0..255.</summary>
    public static Tensor Pattern(int h, int w, int k)
    {
        var data = new float[3 * h * w];
        for (var c = 0; c < 3; c++)
            for (var y = 0; y < h; y++)
                for (var x = 0; x < w; x++)
                    data[(c * h + y) * w + x] = (37 * y + 11 * x + 53 * c + 97 * k + 3 * (x * y % 7)) % 256;
        return Tensor.FromArray(data, 1, 3, h, w);
    }

    public static Tensor Astronaut(bool mirrored = false)
    {
        Assert.True(File.Exists(AstronautPath), $"{AstronautPath} is missing: ./setup.sh installs python3-skimage");
        var image = FaceImage.Read(AstronautPath);
        if (!mirrored) return image;
        var flipped = image.Flip(3).Contiguous();
        image.Dispose();
        return flipped;
    }

    public sealed record Face(double Score, double[] Box, double[][] Landmarks, double[] AlignedBox, double[] Descriptor);

    public static List<Face> Pipeline(string file)
    {
        using var doc = JsonDocument.Parse(File.ReadAllText(Path(file)));
        var faces = new List<Face>();
        foreach (var f in doc.RootElement.GetProperty("faces").EnumerateArray())
        {
            double[] Arr(JsonElement e) => e.EnumerateArray().Select(v => v.GetDouble()).ToArray();
            faces.Add(new Face(f.GetProperty("score").GetDouble(), Arr(f.GetProperty("box")),
                f.GetProperty("landmarks").EnumerateArray().Select(Arr).ToArray(), Arr(f.GetProperty("aligned_box")),
                Arr(f.GetProperty("descriptor"))));
        }
        return faces;
    }

    public static double MaxAbsDiff(IReadOnlyList<float> a, IReadOnlyList<float> b)
    {
        Assert.Equal(b.Count, a.Count);
        return a.Select((v, i) => Math.Abs((double)v - b[i])).Max();
    }
}

/// <summary>
/// One set of face nets for all face tests, and the photo's analysis computed once (SSD at 512² is the slow part:
/// seconds on two loaded cores). The nets hold only detached weights, so sharing them across tests is safe.
/// </summary>
internal static class SharedFaces
{
    private static readonly Lazy<FaceAnalyzer> LazyAnalyzer = new(() => new FaceAnalyzer());
    private static readonly Lazy<List<DetectedFace>> LazyPhoto = new(() => Analyze(false));
    private static readonly Lazy<List<DetectedFace>> LazyMirror = new(() => Analyze(true));

    public static FaceAnalyzer Analyzer => LazyAnalyzer.Value;

    /// <summary>The analysis (with descriptors) of astronaut.png or its mirror image.</summary>
    public static List<DetectedFace> Photo(bool mirrored) => mirrored ? LazyMirror.Value : LazyPhoto.Value;

    private static List<DetectedFace> Analyze(bool mirrored)
    {
        using var scope = TensorScope.Enter();
        lock (LazyAnalyzer) return Analyzer.Analyze(FaceFixtures.Astronaut(mirrored));
    }
}
