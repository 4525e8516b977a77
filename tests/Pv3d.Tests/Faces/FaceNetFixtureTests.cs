using Pv3d.Faces.Models;
using Pv3d.Torch;
using Xunit.Abstractions;

namespace Pv3d.Tests.Faces;

/// <summary>The face-api networks on our engine against face-api.js itself (tests/fixtures/faces/).</summary>
public class FaceNetFixtureTests(ITestOutputHelper output)
{
    [Fact]
    public void LandmarkNetRawOutputMatchesFaceApi()
    {
        using var scope = TensorScope.Enter();
        var net = SharedFaces.Analyzer.LandmarkNet;
        var ours = net.RunNet(FaceFixtures.Pattern(112, 112, 0)).ToArray<float>();
        var theirs = FaceFixtures.Npy("landmark_net_112.npy");
        var diff = FaceFixtures.MaxAbsDiff(ours, theirs);
        output.WriteLine($"max abs diff {diff:E2}");
        Assert.True(diff < 1e-4, $"max diff {diff}");
    }

    [Fact]
    public void LandmarksOfANonSquareCropMatchFaceApi()
    {
        using var scope = TensorScope.Enter();
        var net = SharedFaces.Analyzer.LandmarkNet;
        var ours = net.DetectLandmarks(FaceFixtures.Pattern(90, 70, 1));
        var theirs = FaceFixtures.Npy("landmarks_90x70.npy");
        var flat = Enumerable.Range(0, 136).Select(i => (float)ours[i / 2, i % 2]).ToArray();
        // Pixels of a 70x90 crop: 1e-4 of a pixel.
        var diff = FaceFixtures.MaxAbsDiff(flat, theirs);
        output.WriteLine($"max abs diff {diff:E2}");
        Assert.True(diff < 1e-4, $"max diff {diff}");
    }

    [Theory]
    [InlineData(150, 150, 2, "descriptor_150.npy")]
    [InlineData(97, 131, 3, "descriptor_97x131.npy")]
    public void DescriptorMatchesFaceApi(int h, int w, int k, string file)
    {
        using var scope = TensorScope.Enter();
        var net = SharedFaces.Analyzer.RecognitionNet;
        var ours = net.ComputeDescriptor(FaceFixtures.Pattern(h, w, k));
        var theirs = FaceFixtures.Npy(file);
        var diff = FaceFixtures.MaxAbsDiff(ours, theirs);
        output.WriteLine($"max abs diff {diff:E2}");
        Assert.True(diff < 1e-4, $"max diff {diff}");
    }

    [Fact]
    public void SsdBoxesAndScoresMatchFaceApiOnThePhoto()
    {
        using var scope = TensorScope.Enter();
        var net = SharedFaces.Analyzer.Detector;
        var image = FaceFixtures.Astronaut();
        var (boxes, scores) = net.RunNet(NetInput.ToBatch(image, SsdMobilenetV1.InputSize, centered: false));
        var b = FaceFixtures.MaxAbsDiff(boxes.ToArray<float>(), FaceFixtures.Npy("ssd_astronaut_boxes.npy"));
        var s = FaceFixtures.MaxAbsDiff(scores.ToArray<float>(), FaceFixtures.Npy("ssd_astronaut_scores.npy"));
        output.WriteLine($"boxes max abs diff {b:E2}, scores {s:E2}");
        Assert.True(b < 1e-4, $"boxes: max diff {b}");
        Assert.True(s < 1e-4, $"scores: max diff {s}");
    }

    [Fact]
    public void WeightMapDequantisesUint8()
    {
        var dir = Directory.CreateTempSubdirectory("pv3d-manifest-").FullName;
        try
        {
            File.WriteAllText(Path.Combine(dir, "m-weights_manifest.json"),
                "[{\"paths\":[\"m.bin\"],\"weights\":[{\"name\":\"a\",\"shape\":[3],\"dtype\":\"float32\",\"quantization\":{\"dtype\":\"uint8\",\"scale\":0.5,\"min\":-1}}," +
                "{\"name\":\"b\",\"shape\":[2],\"dtype\":\"float32\"}]}]");
            var bytes = new List<byte> { 0, 2, 255 };
            bytes.AddRange(BitConverter.GetBytes(1.25f));
            bytes.AddRange(BitConverter.GetBytes(-3f));
            File.WriteAllBytes(Path.Combine(dir, "m.bin"), bytes.ToArray());
            using var map = WeightMap.Load(Path.Combine(dir, "m-weights_manifest.json"));
            Assert.Equal(new[] { -1f, 0f, 126.5f }, map.Get("a", 3).ToArray<float>());
            Assert.Equal(new[] { 1.25f, -3f }, map.Get("b", 2).ToArray<float>());
            var e = Assert.Throws<Pv3dException>(() => map.Get("a", 4));
            Assert.Contains("shape", e.Message);
            File.WriteAllBytes(Path.Combine(dir, "m.bin"), bytes.Take(5).ToArray());
            var t = Assert.Throws<Pv3dException>(() => WeightMap.Load(Path.Combine(dir, "m-weights_manifest.json")));
            Assert.Contains("truncated", t.Message);
        }
        finally { Directory.Delete(dir, true); }
    }

    [Fact]
    public void MissingModelFolderSaysToRunSetup()
    {
        var e = Assert.Throws<Pv3dException>(() => Pv3d.Faces.FaceModelFolder.Resolve("/nonexistent/face-models"));
        Assert.Contains("./setup.sh", e.Message);
    }
}

/// <summary>The whole face-api chain (detect, landmarks, descriptor) on the real photo and its mirror image.</summary>
public class FaceAnalyzerFixtureTests(ITestOutputHelper output)
{
    [Theory]
    [InlineData(false, "astronaut.json")]
    [InlineData(true, "astronaut_mirror.json")]
    public void PhotoMatchesFaceApi(bool mirrored, string file)
    {
        var ours = SharedFaces.Photo(mirrored);
        var theirs = FaceFixtures.Pipeline(file);
        Assert.Equal(theirs.Count, ours.Count);
        Assert.Single(ours);
        var (o, t) = (ours[0], theirs[0]);
        Assert.True(Math.Abs(o.Box.Score - t.Score) < 1e-4, $"score {o.Box.Score} vs {t.Score}");
        var box = new[] { o.Box.X, o.Box.Y, o.Box.Width, o.Box.Height };
        Assert.True(box.Select((v, i) => Math.Abs(v - t.Box[i])).Max() < 1e-2, $"box [{string.Join(", ", box)}] vs [{string.Join(", ", t.Box)}]");
        var lm = Enumerable.Range(0, 68).Max(i => Math.Max(Math.Abs(o.Landmarks[i, 0] - t.Landmarks[i][0]), Math.Abs(o.Landmarks[i, 1] - t.Landmarks[i][1])));
        Assert.True(lm < 1e-2, $"landmarks: max diff {lm} px");
        Assert.NotNull(o.Descriptor);
        var d = o.Descriptor!.Select((v, i) => Math.Abs(v - t.Descriptor[i])).Max();
        output.WriteLine($"score diff {Math.Abs(o.Box.Score - t.Score):E2}, landmarks max diff {lm:E2} px, descriptor max diff {d:E2}");
        Assert.True(d < 1e-4, $"descriptor: max diff {d}");
    }
}
