using Pv3d.Config;
using Pv3d.Networks;
using Pv3d.Rendering;
using Pv3d.Tests.Networks;
using Pv3d.Torch;

namespace Pv3d.Tests.Rendering;

/// <summary>The renderer's parts against outputs of the official code (tests/fixtures/generator/, relative L2 &lt; 1e-4).</summary>
public class RenderingFixtureTests
{
    private static RenderingOptions Options(GeneratorFixture f)
    {
        return RenderingKwargs.FromJson(f.ForwardElement("rendering_options").GetRawText(), "generator/cases.json").ToRenderingOptions();
    }

    [Fact]
    public void RaySampler()
    {
        using var scope = TensorScope.Enter();
        using var f = GeneratorFixture.Load("ray_sampler");
        var (origins, directions) = new RaySampler().Forward(f.Input("cam2world"), f.Input("intrinsics"), f.ForwardLong("resolution"));
        f.AssertOutput("ray_origins", origins);
        f.AssertOutput("ray_directions", directions);
    }

    [Fact]
    public void SampleFromPlanes()
    {
        using var scope = TensorScope.Enter();
        using var f = GeneratorFixture.Load("sample_from_planes");
        var features = PlaneSampling.SampleFromPlanes(PlaneSampling.PlaneAxes(), f.Input("planes"), f.Input("coordinates"),
            f.ForwardDouble("box_warp"));
        f.AssertOutput("features", features);
    }

    [Fact]
    public void RunModel()
    {
        using var scope = TensorScope.Enter();
        using var f = GeneratorFixture.Load("run_model");
        var coords = f.Input("coordinates");
        var (rgb, sigma) = new ImportanceRenderer().RunModel(f.Input("planes"), new ReferenceOsgDecoder(f.Params), coords,
            Tensor.ZerosLike(coords), Options(f));
        f.AssertOutput("rgb", rgb);
        f.AssertOutput("sigma", sigma);
    }

    [Theory]
    [InlineData("ray_marcher")]
    [InlineData("ray_marcher_return_depth")]
    public void MipRayMarcher2(string name)
    {
        using var scope = TensorScope.Enter();
        using var f = GeneratorFixture.Load(name);
        var returnDepth = f.ForwardBool("return_depth");
        var r = new MipRayMarcher2().Forward(f.Input("colors"), f.Input("densities"), f.Input("depths"), Options(f), returnDepth,
            f.OptionalInput("sample_coordinates"));
        f.AssertOutput("rgb", r.Rgb);
        f.AssertOutput("depth", r.Depth);
        f.AssertOutput("weights", r.Weights);
        if (returnDepth)
        {
            f.AssertOutput("xyz", r.Xyz!);
            f.AssertOutput("weight_total", r.WeightTotal!);
        }
    }

    [Fact]
    public void SampleImportanceDeterministic()
    {
        using var scope = TensorScope.Enter();
        using var f = GeneratorFixture.Load("sample_importance_det");
        Assert.True(f.ForwardBool("det"));
        var fine = DepthSampling.SampleImportance(f.Input("z_vals"), f.Input("weights"), f.ForwardInt("n_importance"), deterministic: true);
        f.AssertOutput("depths_fine", fine);
    }

    [Fact]
    public void ImportanceRendererDeterministic()
    {
        using var scope = TensorScope.Enter();
        using var f = GeneratorFixture.Load("importance_renderer_det");
        Assert.True(f.ForwardBool("deterministic"));
        var r = new ImportanceRenderer().Forward(f.Input("planes"), new ReferenceOsgDecoder(f.Params), f.Input("ray_origins"),
            f.Input("ray_directions"), Options(f), SamplingMode.Deterministic);
        f.AssertOutput("rgb", r.Rgb);
        f.AssertOutput("depth", r.Depth);
        f.AssertOutput("weights", r.WeightsSum);
    }

    [Fact]
    public void ImportanceRendererDeterministicWithTheOsgDecoderModule()
    {
        using var scope = TensorScope.Enter();
        using var f = GeneratorFixture.Load("importance_renderer_det");
        using var decoder = new OsgDecoder(32, 32, 1.0);
        decoder.LoadStateDict(f.Params, strict: true);
        var r = new ImportanceRenderer().Forward(f.Input("planes"), decoder, f.Input("ray_origins"), f.Input("ray_directions"),
            Options(f), SamplingMode.Deterministic);
        f.AssertOutput("rgb", r.Rgb);
        f.AssertOutput("depth", r.Depth);
        f.AssertOutput("weights", r.WeightsSum);
    }

    /// <summary>
    /// The official OSGDecoder written out from its definition (mean over planes, equalised-lr FC 32→64,
    /// softplus, FC 64→33, widened sigmoid on the colour channels), so these tests depend only on the renderer.
    /// </summary>
    private sealed class ReferenceOsgDecoder(IReadOnlyDictionary<string, Tensor> p) : ITriplaneDecoder
    {
        private static Tensor Fc(Tensor x, Tensor w, Tensor b) =>
            Tensor.Addmm(b.Unsqueeze(0), x, (w * (1.0 / Math.Sqrt(w.Size(1)))).T());

        public DecodedSamples Decode(Tensor sampledFeatures, Tensor rayDirections)
        {
            var (n, m, c) = (sampledFeatures.Size(0), sampledFeatures.Size(2), sampledFeatures.Size(3));
            var x = sampledFeatures.Mean(1).Reshape(n * m, c);
            var h = Fc(Fc(x, p["net.0.weight"], p["net.0.bias"]).Softplus(), p["net.2.weight"], p["net.2.bias"]).View(n, m, -1);
            var rgb = h.Slice(2, 1).Sigmoid() * (1 + 2 * 0.001) - 0.001;
            return new DecodedSamples(Rgb: rgb, Sigma: h.Slice(2, 0, 1));
        }
    }
}
