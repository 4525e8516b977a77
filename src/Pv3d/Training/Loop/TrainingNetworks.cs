using Pv3d.Networks;
using Pv3d.Networks.Discriminators;
using Pv3d.Torch;
using Pv3d.Torch.Modules;
using Pv3d.Torch.Optim;

namespace Pv3d.Training.Loop;

/// <summary>
/// The four trained modules (G, its EMA copy, image D, video D) and the three Adams, named as in a
/// training checkpoint (official state-dict prefixes).
/// </summary>
public sealed class TrainingNetworks : IDisposable
{
    public const string GeneratorName = "generator";
    public const string GeneratorEmaName = "generator_ema";
    public const string ImageDiscriminatorName = "img_discriminator";
    public const string VideoDiscriminatorName = "vid_discriminator";

    public TrainingNetworks(TrainingSetup setup)
    {
        setup.Validate();
        var model = setup.Model;
        Generator = new TriPlaneGenerator(model.Generator.ToOptions(), model.RenderingResolution);
        GeneratorEma = new TriPlaneGenerator(model.Generator.ToOptions(), model.RenderingResolution);
        CopyWeights(Generator, GeneratorEma);
        GeneratorEma.RequiresGrad(false);
        GeneratorEma.Eval();
        ImageDiscriminator = new DualDiscriminator(setup.Discriminators.Image);
        VideoDiscriminator = new VideoDiscriminator(setup.Discriminators.Video);

        var t = setup.Training;
        GeneratorOptimizer = t.GeneratorOptimizer.Create(Generator.Parameters());
        ImageDiscriminatorOptimizer = t.ImgDiscriminatorOptimizer.Create(ImageDiscriminator.Parameters());
        VideoDiscriminatorOptimizer = t.VidDiscriminatorOptimizer.Create(VideoDiscriminator.Parameters());
    }

    public TriPlaneGenerator Generator { get; }
    public TriPlaneGenerator GeneratorEma { get; }
    public DualDiscriminator ImageDiscriminator { get; }
    public VideoDiscriminator VideoDiscriminator { get; }
    public Adam GeneratorOptimizer { get; }
    public Adam ImageDiscriminatorOptimizer { get; }
    public Adam VideoDiscriminatorOptimizer { get; }

    public IReadOnlyDictionary<string, Module> Modules => new Dictionary<string, Module>
    {
        [GeneratorName] = Generator,
        [GeneratorEmaName] = GeneratorEma,
        [ImageDiscriminatorName] = ImageDiscriminator,
        [VideoDiscriminatorName] = VideoDiscriminator,
    };

    public IReadOnlyDictionary<string, Adam> Optimizers => new Dictionary<string, Adam>
    {
        [GeneratorName] = GeneratorOptimizer,
        [ImageDiscriminatorName] = ImageDiscriminatorOptimizer,
        [VideoDiscriminatorName] = VideoDiscriminatorOptimizer,
    };

    /// <summary>Copies every parameter and buffer of <paramref name="source"/> into <paramref name="target"/>.</summary>
    public static void CopyWeights(Module source, Module target)
    {
        using var noGrad = Autograd.NoGrad();
        using var scope = TensorScope.Enter();
        target.LoadStateDict(source.StateDict());
    }

    public void Dispose()
    {
        GeneratorOptimizer.Dispose();
        ImageDiscriminatorOptimizer.Dispose();
        VideoDiscriminatorOptimizer.Dispose();
        Generator.Dispose();
        GeneratorEma.Dispose();
        ImageDiscriminator.Dispose();
        VideoDiscriminator.Dispose();
    }
}
