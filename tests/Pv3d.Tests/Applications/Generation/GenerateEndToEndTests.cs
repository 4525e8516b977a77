using Pv3d.Applications.Generation;
using Pv3d.Checkpoints;
using Pv3d.Networks;
using Pv3d.Rendering;
using Pv3d.Rendering.Cameras;
using Pv3d.Tests.Networks;
using Pv3d.Tests.Video;
using Pv3d.Torch;
using Pv3d.Video;

namespace Pv3d.Tests.Applications.Generation;

/// <summary>The tiny official-layout generator checkpoint through the loader, the adaptor, the video generator and the writers.</summary>
[Collection(GlobalRandomCollection.Name)]
public class GenerateEndToEndTests : IDisposable
{
    private readonly string _dir = TestFrames.TempDir();

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Fact]
    public void TinyCheckpointMakesEveryFileFromTheGeneratorsDeterministicFrames()
    {
        var checkpoint = Path.Combine(_dir, "tiny.ckpt");
        TinyGeneratorWeights.WriteOfficialCheckpoint(checkpoint);
        using var loaded = CheckpointLoader.LoadGenerator(checkpoint);
        var renderer = new GeneratorFrameRenderer(loaded.Generator, renderingResolution: 8);
        // One grid row at yaw 0 reuses the frontal video, so only the two video frames are rendered (one batch).
        var options = new VideoGenerationOptions { Frames = 2, GridColumns = 2, GridYawDegrees = new[] { 0.0 }, TruncationPsi = 0.7 };
        var generator = new VideoGenerator(renderer, options);
        var frames = generator.Render(new long[] { 4 }, 0);
        var files = generator.Write(frames, _dir);

        var size = (int)loaded.Config.Generator.ImgResolution;
        var expected = new Dictionary<GeneratedKind, (int W, int H, int Frames)>
        {
            [GeneratedKind.VideoMp4] = (size, size, 2),
            [GeneratedKind.VideoGif] = (size, size, 2),
            [GeneratedKind.GridPng] = (2 * size, size, 1),
            [GeneratedKind.GridMp4] = (size, size, 2),
            [GeneratedKind.DepthMp4] = (size, size, 2),
        };
        Assert.Equal(expected.Keys.Order(), files.Select(f => f.Kind).Order());
        foreach (var f in files)
        {
            var info = VideoReader.Probe(f.Path);
            Assert.Equal(expected[f.Kind], (info.Width, info.Height, info.FrameCount));
        }

        // Frame 1 (t = 1) directly through the generator's forward with the same codes and cameras.
        using var scope = TensorScope.Enter();
        using var noGrad = Pv3d.Torch.Autograd.NoGrad();
        var (z, zMotion) = SeededLatents.For(4, renderer.ZDim, renderer.MotionDim);
        var c = Camera.ToTensor(new[] { Camera.Canonical });
        var output = loaded.Generator.Forward(z, zMotion, Tensor.Ones(1, 1), c, c, truncationPsi: 0.7, renderingResolution: 8,
            noiseMode: NoiseMode.Const, samplingMode: SamplingMode.Deterministic);
        var direct = FrameConversion.ImagesToFrames(output.Image);
        var diff = 0;
        for (var i = 0; i < direct.Data.Length; i++) diff = Math.Max(diff, Math.Abs(direct.Data[i] - frames.Video.Frame(1)[i]));
        Assert.InRange(diff, 0, 1); // a batch of two may move a value across a rounding boundary
        Assert.Equal(frames.Video.Data, frames.GridVideo!.Data);
    }
}
