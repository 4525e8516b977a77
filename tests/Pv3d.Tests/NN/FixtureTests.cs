using Pv3d.Torch;

namespace Pv3d.Tests.NN;

/// <summary>Every case of fixtures/nn/nn_fixtures.json, run through Functional and compared with PyTorch 1.13.</summary>
public class FixtureTests
{
    public static TheoryData<string> Cases() => new(NnFixtures.Names());

    [Theory]
    [MemberData(nameof(Cases))]
    public void MatchesPyTorch(string name)
    {
        using var scope = TensorScope.Enter();
        var c = NnFixtures.Get(name);
        c.AssertMatches(Run(c));
    }

    [Fact]
    public void EveryOpHasFixtures()
    {
        var ops = NnFixtures.Names().Select(n => NnFixtures.Get(n).Op).ToHashSet();
        foreach (var op in new[] { "conv2d", "conv_transpose2d", "grid_sample", "interpolate", "avg_pool2d", "max_pool2d",
                     "avg_pool1d", "max_pool1d", "pad", "upfirdn2d", "upsample2d", "downsample2d", "filter2d", "setup_filter" })
            Assert.Contains(op, ops);
    }

    private static Tensor Run(NnFixtureCase c) => c.Op switch
    {
        "conv2d" => Functional.Conv2d(c.Input("x"), c.Input("w"), c.OptionalInput("b"), c.Pair("stride"), c.Pair("padding"),
            c.Pair("dilation"), c.P("groups").GetInt64()),
        "conv_transpose2d" => Functional.ConvTranspose2d(c.Input("x"), c.Input("w"), c.OptionalInput("b"), c.Pair("stride"),
            c.Pair("padding"), c.Pair("output_padding"), c.P("groups").GetInt64(), c.Pair("dilation")),
        "grid_sample" => Functional.GridSample(c.Input("x"), c.Input("grid"), ParseGridMode(c.P("mode").GetString()!),
            ParseGridPadding(c.P("padding_mode").GetString()!), c.P("align_corners").GetBoolean()),
        "interpolate" => Functional.Interpolate(c.Input("x"), c.Pair("size"), ParseInterpolateMode(c.P("mode").GetString()!),
            c.P("align_corners").GetBoolean(), c.P("antialias").GetBoolean()),
        "avg_pool2d" => Functional.AvgPool2d(c.Input("x"), c.Pair("kernel"), c.Pair("stride"), c.Pair("padding")),
        "max_pool2d" => Functional.MaxPool2d(c.Input("x"), c.Pair("kernel"), c.Pair("stride"), c.Pair("padding")),
        "avg_pool1d" => Functional.AvgPool1d(c.Input("x"), c.P("kernel").GetInt64(), c.P("stride").GetInt64(), c.P("padding").GetInt64()),
        "max_pool1d" => Functional.MaxPool1d(c.Input("x"), c.P("kernel").GetInt64(), c.P("stride").GetInt64(), c.P("padding").GetInt64()),
        "pad" => Functional.Pad(c.Input("x"), c.Longs("pads"), ParsePadMode(c.P("mode").GetString()!),
            c.Params.TryGetProperty("value", out var v) ? v.GetDouble() : 0),
        "upfirdn2d" => Functional.Upfirdn2d(c.Input("x"), c.Input("f"), c.P("up").GetInt32(), c.P("down").GetInt32(), c.Padding(),
            c.P("flip_filter").GetBoolean(), c.P("gain").GetDouble()),
        "upsample2d" => Functional.Upsample2d(c.Input("x"), c.Input("f"), c.P("up").GetInt32(), c.Padding()),
        "downsample2d" => Functional.Downsample2d(c.Input("x"), c.Input("f"), c.P("down").GetInt32(), c.Padding()),
        "filter2d" => Functional.Filter2d(c.Input("x"), c.Input("f"), c.Padding()),
        "setup_filter" => Functional.SetupFilter(c.P("taps").EnumerateArray().Select(e => e.GetSingle()).ToArray(),
            flipFilter: c.P("flip_filter").GetBoolean(), gain: c.P("gain").GetDouble()),
        _ => throw new InvalidOperationException($"fixture {c.Name} has an unknown op {c.Op}"),
    };

    private static GridSampleMode ParseGridMode(string s) => s switch
    {
        "bilinear" => GridSampleMode.Bilinear,
        "nearest" => GridSampleMode.Nearest,
        _ => GridSampleMode.Bicubic,
    };

    private static GridSamplePadding ParseGridPadding(string s) => s switch
    {
        "zeros" => GridSamplePadding.Zeros,
        "border" => GridSamplePadding.Border,
        _ => GridSamplePadding.Reflection,
    };

    private static InterpolateMode ParseInterpolateMode(string s) => s switch
    {
        "bilinear" => InterpolateMode.Bilinear,
        "bicubic" => InterpolateMode.Bicubic,
        "nearest" => InterpolateMode.Nearest,
        _ => throw new ArgumentException($"unknown interpolate mode {s}"),
    };

    private static PadMode ParsePadMode(string s) => s switch
    {
        "constant" => PadMode.Constant,
        "reflect" => PadMode.Reflect,
        "replicate" => PadMode.Replicate,
        _ => throw new ArgumentException($"unknown pad mode {s}"),
    };
}
