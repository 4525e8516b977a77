using Pv3d.Rendering;
using Pv3d.Torch;
using Pv3d.Torch.Modules;

namespace Pv3d.Networks;

/// <summary>
/// What <see cref="TriPlaneGenerator.Synthesis"/> returns (official dict keys in brackets).
/// </summary>
/// <param name="Image">[B, 3, img_res, img_res] super-resolved image ('image').</param>
/// <param name="ImageRaw">[B, 3, R, R] neural rendering ('image_raw').</param>
/// <param name="ImageDepth">[B, 1, R, R] expected depth ('image_depth').</param>
/// <param name="Planes">[B, 3, 32, 256, 256] the tri-plane features.</param>
/// <param name="Ws">[B, num_ws, w_dim] the w vectors used.</param>
/// <param name="Xyz">[B, R, R, 3] expected surface points ('depth'), only with returnDepth.</param>
/// <param name="WeightTotal">[B, R, R, 1] opacity ('weight_total'), only with returnDepth.</param>
public sealed record GeneratorOutput(Tensor Image, Tensor ImageRaw, Tensor ImageDepth, Tensor Planes, Tensor Ws, Tensor? Xyz = null, Tensor? WeightTotal = null);

/// <summary>
/// The PV3D generator (official <c>TriPlaneGenerator</c>): a StyleGAN2 backbone makes three 32-channel
/// 256² feature planes from w and the motion code, the importance renderer integrates decoded plane
/// features along camera rays into a 32-channel feature image of side R (the neural rendering
/// resolution), <c>to_img_raw</c> turns it into the raw RGB image and the super-resolution network into
/// the final image. Children in official order: <c>renderer</c>, <c>ray_sampler</c>, <c>backbone</c>,
/// <c>superresolution</c>, <c>decoder</c>, <c>to_img_raw</c>, so state-dict keys equal the official ones.
/// Cameras are 25 floats: row-major cam2world 4x4 then normalised intrinsics 3x3.
/// </summary>
public sealed class TriPlaneGenerator : Module
{
    /// <summary>The backbone makes 3 planes of 32 channels (at 256², hard-coded officially; see <see cref="GeneratorOptions.PlaneResolution"/>).</summary>
    public const long PlaneCount = 3;
    public const long PlaneChannels = 32;

    /// <summary>The neural rendering resolution when neither the config nor a call names one.</summary>
    public const long DefaultNeuralRenderingResolution = 64;

    public TriPlaneGenerator(GeneratorOptions options, long neuralRenderingResolution = DefaultNeuralRenderingResolution)
    {
        Options = options;
        NeuralRenderingResolution = neuralRenderingResolution;

        RegisterModule("renderer", new ImportanceRenderer());
        RegisterModule("ray_sampler", new RaySampler());
        RegisterModule("backbone", new StyleGan2Backbone(options.ZDim, options.CDim, options.WDim, options.PlaneResolution,
            PlaneCount * PlaneChannels, options.Mapping, options.Synthesis));
        RegisterModule("superresolution", SuperresolutionFactory.Create(PlaneChannels, options.ImgResolution, options.Superresolution));
        RegisterModule("decoder", new OsgDecoder(PlaneChannels, PlaneChannels, options.DecoderLrMul));
        RegisterModule("to_img_raw", new ToRGBLayer(PlaneChannels, 3, options.WDim, convClamp: 256));
    }

    public GeneratorOptions Options { get; }

    /// <summary>Width of the appearance code z [B, z_dim].</summary>
    public long ZDim => Options.ZDim;

    /// <summary>Width of the camera [B, c_dim] (25).</summary>
    public long CDim => Options.CDim;

    /// <summary>Width of the motion code z_motion [B, 512] (see <see cref="TimeConvFuser.MotionDim"/>).</summary>
    public long MotionDim => TimeConvFuser.MotionDim;

    /// <summary>The renderer's options, from <c>rendering_kwargs</c>.</summary>
    public RenderingOptions RenderingOptions => Options.Rendering;

    public NoiseMode SuperresolutionNoiseMode => Options.Superresolution.NoiseMode;

    /// <summary>
    /// Side of the neural rendering used when a call gives none. As in the official code, a call
    /// that gives one stores it here.
    /// </summary>
    public long NeuralRenderingResolution { get; set; }

    public ImportanceRenderer Renderer => GetModule<ImportanceRenderer>("renderer");
    public RaySampler RaySampler => GetModule<RaySampler>("ray_sampler");
    public StyleGan2Backbone Backbone => GetModule<StyleGan2Backbone>("backbone");
    public Superresolution Superresolution => GetModule<Superresolution>("superresolution");
    public OsgDecoder Decoder => GetModule<OsgDecoder>("decoder");
    public ToRGBLayer ToImgRaw => GetModule<ToRGBLayer>("to_img_raw");

    public int NumWs => Backbone.NumWs;

    /// <summary>
    /// z [B, z_dim] and the <em>mapping</em> camera c [B, 25] → ws [B, num_ws, w_dim]. The camera is
    /// zeroed when <c>c_gen_conditioning_zero</c> and scaled by <c>c_scale</c>.
    /// </summary>
    public Tensor Mapping(Tensor z, Tensor c, double truncationPsi = 1, int? truncationCutoff = null, bool updateEmas = false)
    {
        using var scope = TensorScope.Enter();
        var conditioning = Options.CGenConditioningZero ? Tensor.ZerosLike(c) : c;
        return Backbone.Mapping.Forward(z, conditioning * Options.CScale, truncationPsi, truncationCutoff, updateEmas).MoveToOuterScope();
    }

    /// <summary>
    /// ws [B, num_ws, w_dim], z_motion [B, 512], t [B, 1] (any shape with B elements) and the
    /// <em>rendering</em> camera c [B, 25] → images. <paramref name="renderingResolution"/> null uses
    /// <see cref="NeuralRenderingResolution"/>; <paramref name="noiseMode"/> drives the backbone's
    /// noise (the super-resolution uses <c>superresolution_noise_mode</c>).
    /// </summary>
    public GeneratorOutput Synthesis(Tensor ws, Tensor zMotion, Tensor t, Tensor c, long? renderingResolution = null,
        NoiseMode noiseMode = NoiseMode.Random, SamplingMode samplingMode = SamplingMode.Stochastic,
        bool? fusedModconv = null, bool returnDepth = false)
    {
        CheckCamera(c, ws.Size(0));
        if (renderingResolution is { } explicitResolution)
        {
            if (explicitResolution < 1) throw new Pv3dException($"the rendering resolution must be positive, got {explicitResolution}");
            NeuralRenderingResolution = explicitResolution;
        }
        var r = NeuralRenderingResolution;
        var b = ws.Size(0);
        using var scope = TensorScope.Enter();

        var cam2world = c.Narrow(1, 0, 16).Reshape(b, 4, 4);
        var intrinsics = c.Narrow(1, 16, 9).Reshape(b, 3, 3);
        var (origins, directions) = RaySampler.Forward(cam2world, intrinsics, r);

        var planes = SynthesizePlanes(ws, zMotion, t, noiseMode, fusedModconv);
        var rendered = Renderer.Forward(planes, Decoder, origins, directions, RenderingOptions, samplingMode, returnDepth);

        var featureImage = rendered.Rgb.Permute(0, 2, 1).Reshape(b, rendered.Rgb.Size(-1), r, r).Contiguous();
        var depthImage = rendered.Depth.Permute(0, 2, 1).Reshape(b, 1, r, r);
        var rgbImage = ToImgRaw.Forward(featureImage, ws.Select(1, 0), fusedModconv: false);
        var image = Superresolution.Forward(rgbImage, featureImage, ws, SuperresolutionNoiseMode, fusedModconv);

        return new GeneratorOutput(image.MoveToOuterScope(), rgbImage.MoveToOuterScope(), depthImage.MoveToOuterScope(),
            planes.MoveToOuterScope(), ws.View(ws.Shape).MoveToOuterScope(), rendered.Xyz?.MoveToOuterScope(), rendered.WeightTotal?.MoveToOuterScope());
    }

    /// <summary>Mapping (with the mapping camera <paramref name="cMapping"/>, default c) then synthesis.</summary>
    public GeneratorOutput Forward(Tensor z, Tensor zMotion, Tensor t, Tensor c, Tensor? cMapping = null, double truncationPsi = 1,
        int? truncationCutoff = null, long? renderingResolution = null, NoiseMode noiseMode = NoiseMode.Random,
        SamplingMode samplingMode = SamplingMode.Stochastic, bool? fusedModconv = null, bool returnDepth = false)
    {
        using var scope = TensorScope.Enter();
        var ws = Mapping(z, cMapping ?? c, truncationPsi, truncationCutoff);
        var output = Synthesis(ws, zMotion, t, c, renderingResolution, noiseMode, samplingMode, fusedModconv, returnDepth);
        Keep(output);
        return output;
    }

    /// <summary>
    /// Raw density and colour at arbitrary points from given ws (official <c>sample_mixed</c>): coordinates [B, P, 3] →
    /// sigma [B, P, 1] (before the ray marcher's softplus), rgb [B, P, 32].
    /// </summary>
    public DecodedSamples SampleMixed(Tensor coordinates, Tensor? directions, Tensor ws, Tensor zMotion, Tensor t,
        NoiseMode noiseMode = NoiseMode.Random, SamplingMode samplingMode = SamplingMode.Stochastic, bool? fusedModconv = null)
    {
        using var scope = TensorScope.Enter();
        var planes = SynthesizePlanes(ws, zMotion, t, noiseMode, fusedModconv);
        var result = Renderer.RunModel(planes, Decoder, coordinates, directions ?? Tensor.ZerosLike(coordinates), RenderingOptions, samplingMode);
        result.Sigma.MoveToOuterScope();
        result.Rgb.MoveToOuterScope();
        return result;
    }

    /// <summary>Backbone synthesis → planes [B, 3, 32, 256, 256].</summary>
    public Tensor SynthesizePlanes(Tensor ws, Tensor zMotion, Tensor t, NoiseMode noiseMode = NoiseMode.Random, bool? fusedModconv = null)
    {
        using var scope = TensorScope.Enter();
        var planes = Backbone.Synthesis.Forward(ws, zMotion, t, noiseMode, fusedModconv);
        return planes.View(planes.Size(0), PlaneCount, PlaneChannels, planes.Size(-2), planes.Size(-1)).MoveToOuterScope();
    }

    private static void Keep(GeneratorOutput output)
    {
        foreach (var t in new[] { output.Image, output.ImageRaw, output.ImageDepth, output.Planes, output.Ws, output.Xyz, output.WeightTotal })
            t?.MoveToOuterScope();
    }

    private static void CheckCamera(Tensor c, long batch)
    {
        if (c.Dim != 2 || c.Size(1) != 25 || c.Size(0) != batch)
            throw new ArgumentException($"the rendering camera must be [{batch}, 25] (cam2world 4x4 then intrinsics 3x3), got [{string.Join(", ", c.Shape)}]");
    }
}
