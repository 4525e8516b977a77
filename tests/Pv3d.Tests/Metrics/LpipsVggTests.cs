using Pv3d.Metrics;
using Pv3d.Tests.Video;
using Pv3d.Torch;
using Pv3d.Torch.IO;
using Pv3d.Torch.IO.Pickle;

namespace Pv3d.Tests.Metrics;

/// <summary>
/// VGG16 features and the LPIPS head against torchvision and the re-expressed LPIPS of tests/fixtures/make_lpips_fixtures.py,
/// with seeded random weights written as torch.save files and read back by the safe reader.
/// </summary>
[Collection(GlobalRandomCollection.Name)]
public class LpipsVggTests : IDisposable
{
    private static readonly int[] ConvIndices = { 0, 2, 5, 7, 10, 12, 14, 17, 19, 21, 24, 26, 28 };
    private static readonly int[] ConvChannels = { 64, 64, 128, 128, 256, 256, 256, 512, 512, 512, 512, 512, 512 };
    private readonly string _dir = TestFrames.TempDir();

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    /// <summary>The fixture's weights (seeded as the script seeds them) as vgg16.pth and vgg.pth.</summary>
    private (string Vgg, string Lin) WriteWeights()
    {
        using var scope = TensorScope.Enter();
        var vgg = new PyOrderedDict();
        var inChannels = 3L;
        for (var i = 0; i < ConvIndices.Length; i++)
        {
            var n = ConvIndices[i];
            TorchRandom.ManualSeed(1000 + n);
            vgg[$"features.{n}.weight"] = Tensor.Randn(ConvChannels[i], inChannels, 3, 3) * 0.05;
            TorchRandom.ManualSeed(1000 + n);
            vgg[$"features.{n}.bias"] = Tensor.Randn(ConvChannels[i]) * 0.01;
            inChannels = ConvChannels[i];
        }
        var lin = new PyOrderedDict();
        for (var k = 0; k < 5; k++)
        {
            TorchRandom.ManualSeed(2000 + k);
            lin[$"lin{k}.model.1.weight"] = Tensor.Randn(1, Vgg16Features.TapChannels[k], 1, 1).Abs();
        }
        var paths = (Path.Combine(_dir, "vgg16.pth"), Path.Combine(_dir, "vgg.pth"));
        TorchCheckpoint.Save(paths.Item1, vgg);
        TorchCheckpoint.Save(paths.Item2, lin);
        return paths;
    }

    [Fact]
    public void FeaturesAndDistancesMatchTorchvisionAndTheLpipsHead()
    {
        var (vggPath, linPath) = WriteWeights();
        using var lpips = LpipsVgg.Load(vggPath, linPath);
        using var scope = TensorScope.Enter();
        var fixture = Npz.Load(Path.Combine(AppContext.BaseDirectory, "fixtures", "applications", "lpips.npz"));
        var a = fixture["a"];
        var b = fixture["b"];
        var distance = lpips.Distance(a, b).ToArray<float>();
        var expected = fixture["lpips"].ToArray<float>();
        for (var i = 0; i < 2; i++) Assert.Equal(expected[i], distance[i], 4);

        using var vgg = new Vgg16Features(TorchCheckpoint.LoadStateDict(vggPath), vggPath);
        var shift = Tensor.FromArray(new[] { -0.030f, -0.088f, -0.188f }, 1, 3, 1, 1);
        var scale = Tensor.FromArray(new[] { 0.458f, 0.448f, 0.450f }, 1, 3, 1, 1);
        var taps = vgg.Forward((a - shift) / scale);
        for (var k = 0; k < 5; k++)
        {
            var ours = taps[k].Mean(new[] { 2, 3 });
            var theirs = fixture[$"tap{k}_mean"];
            var tolerance = 1e-4 + 1e-3 * theirs.Abs().Max().Item();
            Assert.True((ours - theirs).Abs().Max().Item() < tolerance, $"tap {k}");
        }
        // Same image, zero distance.
        Assert.All(lpips.Distance(a, a).ToArray<float>(), d => Assert.Equal(0, d, 6));
    }

    [Fact]
    public void AWrongWeightsFileIsAUserError()
    {
        var (vggPath, _) = WriteWeights();
        // The VGG file has no lin layers.
        Assert.Throws<Pv3dException>(() => LpipsVgg.Load(vggPath, vggPath));
        Assert.Throws<Pv3dException>(() => LpipsVgg.Load(vggPath + ".nope", vggPath));
    }
}
