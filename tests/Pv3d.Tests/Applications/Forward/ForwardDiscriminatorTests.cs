using Pv3d.Applications.Forward;
using Pv3d.Checkpoints;
using Pv3d.Networks.Discriminators;
using Pv3d.Tests.IO;
using Pv3d.Tests.Networks;
using Pv3d.Tests.Networks.Discriminators;
using Pv3d.Torch;
using Pv3d.Torch.IO;
using Pv3d.Torch.IO.Pickle;

namespace Pv3d.Tests.Applications.Forward;

/// <summary>
/// <c>pv3d forward</c> with image/image_raw inputs on a tiny official-layout checkpoint holding the tiny
/// generator and the fixtures' tiny discriminators (their config stored under model_config.pv3d.*_discriminator).
/// </summary>
public sealed class ForwardDiscriminatorTests : IDisposable
{
    private readonly IoFixtures.TempDir _dir = new();

    public void Dispose() => _dir.Dispose();

    /// <summary>Writes the checkpoint; <paramref name="withDiscriminatorConfig"/> false keeps the tiny generator config's own discriminator sections.</summary>
    private string WriteCheckpoint(bool withDiscriminatorConfig = true)
    {
        using var scope = TensorScope.Enter();
        using var dual = DiscriminatorFixture.Load("dual_discriminator");
        using var video = DiscriminatorFixture.Load("video_discriminator");
        var model = new PyOrderedDict();
        model["pl_mean"] = Tensor.Zeros(Array.Empty<long>());
        foreach (var (k, t) in TinyGeneratorWeights.Build()) model["generator_ema." + k] = t;
        foreach (var (k, t) in dual.Params) model["img_discriminator." + k] = t;
        foreach (var (k, t) in video.Params) model["vid_discriminator." + k] = t;
        var config = (Dictionary<object, object?>)TinyGeneratorWeights.ToPython(TinyGeneratorWeights.Config)!;
        if (withDiscriminatorConfig)
        {
            var pv3d = (Dictionary<object, object?>)((Dictionary<object, object?>)config["model_config"]!)["pv3d"]!;
            pv3d["img_discriminator"] = TinyGeneratorWeights.ToPython(dual.Init);
            pv3d["vid_discriminator"] = TinyGeneratorWeights.ToPython(video.Init);
        }
        var path = _dir.File(withDiscriminatorConfig ? "tiny_gd.ckpt" : "tiny_gd_noconfig.ckpt");
        TorchCheckpoint.Save(path, new Dictionary<object, object?> { ["model"] = model, ["config"] = config });
        return path;
    }

    /// <summary>The tiny generator's inputs (N = 2) plus the first two images of the dual fixture.</summary>
    private string WriteInputs(bool withRaw = true)
    {
        using var scope = TensorScope.Enter();
        using var dual = DiscriminatorFixture.Load("dual_discriminator");
        var inputs = TinyGeneratorWeights.LoadIo().Where(kv => kv.Key.StartsWith("in.", StringComparison.Ordinal))
            .ToDictionary(kv => kv.Key["in.".Length..], kv => kv.Value);
        inputs["image"] = dual.Input("image").Narrow(0, 0, 2);
        if (withRaw) inputs["image_raw"] = dual.Input("image_raw").Narrow(0, 0, 2);
        var path = _dir.File(withRaw ? "in_images.npz" : "in_image_only.npz");
        Npz.Save(path, inputs);
        return path;
    }

    private ForwardSummary Forward(string checkpoint, string inputs, string output) =>
        ForwardRunner.Run(new ForwardOptions
        {
            CheckpointPath = checkpoint, InputsPath = inputs, OutputPath = _dir.File(output), Deterministic = true, RenderingResolution = 8,
        });

    [Fact]
    public void WritesBothLogitsFromTheCheckpointsDiscriminators()
    {
        var summary = Forward(WriteCheckpoint(), WriteInputs(), "out.npz");
        Assert.Empty(summary.Notes);
        Assert.Equal([2L, 1], summary.Outputs["logits_img"]);
        Assert.Equal([1L, 1], summary.Outputs["logits_vid"]);

        using var scope = TensorScope.Enter();
        var written = Npz.Load(_dir.File("out.npz"));
        var inputs = Npz.Load(_dir.File("in_images.npz"));
        using var noGrad = Pv3d.Torch.Autograd.NoGrad();
        using (var fx = DiscriminatorFixture.Load("dual_discriminator"))
        using (var d = new DualDiscriminator(fx.Options()))
        {
            d.LoadStateDict(fx.Params);
            var expected = d.Forward(inputs["image"], inputs["image_raw"], inputs["c"]);
            NetTestUtil.AssertRelL2(written["logits_img"], expected, 1e-6, "logits_img");
        }
        using (var fx = DiscriminatorFixture.Load("video_discriminator"))
        using (var d = new VideoDiscriminator(fx.Options()))
        {
            d.LoadStateDict(fx.Params);
            var (expected, _) = d.Forward(inputs["image"], inputs["t"].Reshape(1, 2), inputs["c"]);
            NetTestUtil.AssertRelL2(written["logits_vid"], expected, 1e-6, "logits_vid");
        }
        // The generator's outputs are still written next to the logits.
        Assert.Equal([2L, 3, 8, 8], summary.Outputs["image_raw"]);
    }

    [Fact]
    public void ImageWithoutImageRawGivesOnlyTheVideoLogits()
    {
        var summary = Forward(WriteCheckpoint(), WriteInputs(withRaw: false), "out_video_only.npz");
        Assert.False(summary.Outputs.ContainsKey("logits_img"));
        Assert.Equal([1L, 1], summary.Outputs["logits_vid"]);
        Assert.Contains(summary.Notes, n => n.Contains("without image_raw") && n.Contains("logits_img is not written"));
    }

    [Fact]
    public void ACheckpointWithoutDiscriminatorsIsANoteNotAnError()
    {
        var path = _dir.File("g_only.ckpt");
        TinyGeneratorWeights.WriteOfficialCheckpoint(path);
        var summary = Forward(path, WriteInputs(), "out_g_only.npz");
        Assert.False(summary.Outputs.ContainsKey("logits_img"));
        Assert.False(summary.Outputs.ContainsKey("logits_vid"));
        Assert.Contains(summary.Notes, n => n.Contains("no discriminator weights"));
    }

    [Fact]
    public void AConfigThatDoesNotFitTheWeightsNamesTheKeys()
    {
        // The tiny generator's config keeps its own discriminator sections, which describe a 128² discriminator.
        var path = WriteCheckpoint(withDiscriminatorConfig: false);
        var e = Assert.Throws<Pv3dException>(() => DiscriminatorLoader.Load(path));
        Assert.Contains(path, e.Message);
        Assert.Contains(path, e.Message);
        Assert.Contains("missing keys: img_discriminator.b128.", e.Message);
        Assert.Contains("img_discriminator.b32.conv0.weight (expected", e.Message);
    }

    [Fact]
    public void ImagesOfTheWrongResolutionAreAnErrorNamingTheInputs()
    {
        var inputs = _dir.File("in_wrong.npz");
        using (var scope = TensorScope.Enter())
        {
            var arrays = TinyGeneratorWeights.LoadIo().Where(kv => kv.Key.StartsWith("in.", StringComparison.Ordinal))
                .ToDictionary(kv => kv.Key["in.".Length..], kv => kv.Value);
            arrays["image"] = Tensor.Zeros(2, 3, 16, 16);
            arrays["image_raw"] = Tensor.Zeros(2, 3, 8, 8);
            Npz.Save(inputs, arrays);
        }
        var e = Assert.Throws<Pv3dException>(() => Forward(WriteCheckpoint(), inputs, "out_wrong.npz"));
        Assert.Contains(inputs, e.Message);
        Assert.Contains("[N, 3, 32, 32]", e.Message);
    }
}
