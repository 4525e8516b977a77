using Pv3d.Metrics.Identity;
using Pv3d.Tests.Checkpoints;
using Pv3d.Tests.Faces;
using Pv3d.Torch;

namespace Pv3d.Tests.Metrics;

/// <summary>
/// Issue 17: the ID protocol with the built-in 128-d face-api net (<c>pv3d evaluate id --net faceapi</c>). Its features
/// are face-api.js's descriptors (tests/fixtures/faces, made by make_face_fixtures.mjs) scaled to unit length, and the
/// score is the official pair mean, checked in closed form.
/// </summary>
[Collection(GlobalRandomCollection.Name)]
public sealed class FaceApiIdentityTests(TinyCheckpointFixture fx) : IClassFixture<TinyCheckpointFixture>
{
    private static double[] Unit(float[] v)
    {
        var norm = Math.Sqrt(v.Sum(x => (double)x * x));
        return v.Select(x => x / norm).ToArray();
    }

    private static double[] Features(Tensor frames) => FaceApiIdentity.Features(SharedFaces.Analyzer.RecognitionNet, frames);

    [Theory]
    [InlineData(150, 150, 2, "descriptor_150.npy")]
    [InlineData(97, 131, 3, "descriptor_97x131.npy")]
    public void FeaturesAreFaceApiJsDescriptorsOfUnitLength(int h, int w, int k, string file)
    {
        using var scope = TensorScope.Enter();
        var ours = Features(FaceFixtures.Pattern(h, w, k));
        var theirs = Unit(FaceFixtures.Npy(file));
        Assert.Equal(FaceApiIdentity.FeatureSize, ours.Length);
        Assert.Equal(1, Math.Sqrt(ours.Sum(x => x * x)), 1e-9);
        Assert.True(ours.Zip(theirs).Max(p => Math.Abs(p.First - p.Second)) < 1e-5);
    }

    [Fact]
    public void ScoreIsOneForIdenticalFramesAndThePairMeanOfTheFixtureCosinesOtherwise()
    {
        using var scope = TensorScope.Enter();
        var a = FaceFixtures.Pattern(150, 150, 2);
        var same = Features(Tensor.Cat(new[] { a, a, a, a }, 0));
        Assert.Equal(1, IdentityScore.MeanPairSimilarity(new[] { same }, FaceApiIdentity.FeatureSize), 1e-9);

        // Frames (A, B, A, B): pairs [0,2] and [3,1] are 1, the other four are cos(A, B).
        var fa = Features(a);
        var fb = Features(FaceFixtures.Pattern(97, 131, 3));
        var video = fa.Concat(fb).Concat(fa).Concat(fb).ToArray();
        var ua = Unit(FaceFixtures.Npy("descriptor_150.npy"));
        var ub = Unit(FaceFixtures.Npy("descriptor_97x131.npy"));
        var cos = ua.Zip(ub).Sum(p => p.First * p.Second);
        Assert.InRange(cos, -0.999, 0.999); // the check below must be able to tell 1 from cos
        Assert.Equal((2 + 4 * cos) / 6, IdentityScore.MeanPairSimilarity(new[] { video }, FaceApiIdentity.FeatureSize), 1e-5);
    }

    [Fact]
    public void EvaluateIdWithTheBuiltInNetNeedsNoDownloadAndArcFaceSaysWhatIsMissing()
    {
        var json = fx.File("id-faceapi.json");
        Assert.Equal(0, Pv3d.Cli.Program.Main(["evaluate", "id", "--net", "faceapi", "--checkpoint", fx.CheckpointPath, "--num-videos", "1",
            "--rendering-resolution", "8", "--json", json]));
        var doc = System.Text.Json.JsonDocument.Parse(File.ReadAllText(json)).RootElement;
        var id = doc.GetProperty("id_faceapi").GetDouble();
        Assert.InRange(id, -1, 1 + 1e-9);
        Assert.False(doc.TryGetProperty("id_arcface", out _));

        var absent = fx.File("absent_ir_se50.pth");
        Assert.Equal(2, Pv3d.Cli.Program.Main(["evaluate", "id", "--checkpoint", fx.CheckpointPath, "--arcface", absent, "--num-videos", "1"]));
    }
}
