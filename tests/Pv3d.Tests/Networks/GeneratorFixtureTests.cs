using Pv3d.Torch;
using Pv3d.Torch.IO;

namespace Pv3d.Tests.Networks;

/// <summary>The generator fixture data and its helpers: complete cases, the seed rule, the comparison itself.</summary>
// The seed-rule checks draw from the global generator: run them alone.
[Collection(GlobalRandomCollection.Name)]
public class GeneratorFixtureTests
{
    public static TheoryData<string> Cases() => new(GeneratorFixture.CaseNames());

    public static TheoryData<string> CasesWithStoredParams() => new(GeneratorFixture.CaseNames().Where(n =>
    {
        using var fx = GeneratorFixture.Load(n);
        return fx.Case.TryGetProperty("params_in_npz", out var p) && p.GetBoolean();
    }));

    [Theory]
    [MemberData(nameof(Cases))]
    public void CaseHasItsInputsOutputsAndWeights(string name)
    {
        using var scope = TensorScope.Enter();
        using var fx = GeneratorFixture.Load(name);
        foreach (var input in fx.Case.GetProperty("inputs").EnumerateObject())
            Assert.Equal(input.Value.EnumerateArray().Select(e => e.GetInt64()), fx.Input(input.Name).Shape);
        Assert.NotEmpty(fx.OutputNames);
        foreach (var output in fx.OutputNames)
        {
            var shape = fx.OutputShape(output);
            var stored = fx.Case.GetProperty("outputs").GetProperty(output).GetProperty("stored").GetString();
            if (stored == "full") Assert.Equal(shape, fx.Output(output).Shape);
            else Assert.Throws<InvalidOperationException>(() => fx.Output(output));
        }
        if (fx.Case.TryGetProperty("weights", out var weights))
        {
            var keys = weights.GetProperty("keys").EnumerateArray().ToList();
            Assert.Equal(keys.Count, fx.Params.Count);
            foreach (var k in keys)
                Assert.Equal(k[1].EnumerateArray().Select(e => e.GetInt64()), fx.Params[k[0].GetString()!].Shape);
        }
    }

    /// <summary>The C# seed rule gives bit-identical weights to the ones Python stored.</summary>
    [Theory]
    [MemberData(nameof(CasesWithStoredParams))]
    public void SeedRuleReproducesStoredWeights(string name)
    {
        using var scope = TensorScope.Enter();
        using var fx = GeneratorFixture.Load(name);
        var seeded = fx.SeededParams();
        Assert.Equal(fx.Params.Keys, seeded.Keys);
        foreach (var (k, stored) in fx.Params)
            Assert.True(stored.ToArray<float>().SequenceEqual(seeded[k].ToArray<float>()), $"{name}: seeded '{k}' differs from the stored one");
    }

    [Fact]
    public void TinyGeneratorWeightsMatchRecordedProbes()
    {
        using var scope = TensorScope.Enter();
        var weights = TinyGeneratorWeights.Build();
        var keys = TinyGeneratorWeights.Document.GetProperty("weights").GetProperty("keys").EnumerateArray().ToList();
        Assert.Equal(keys.Select(k => k[0].GetString()), weights.Keys);
        var probes = TinyGeneratorWeights.Document.GetProperty("probes").EnumerateArray().ToList();
        Assert.True(probes.Count >= 5);
        foreach (var probe in probes)
        {
            var key = probe.GetProperty("key").GetString()!;
            var values = weights[key].Flatten().ToArray<float>();
            var first = probe.GetProperty("first").EnumerateArray().Select(e => e.GetSingle()).ToArray();
            Assert.Equal(first, values.Take(first.Length).ToArray());
            var sum = values.Sum(v => (double)v);
            var absSum = values.Sum(v => Math.Abs((double)v));
            Assert.True(Math.Abs(sum - probe.GetProperty("sum").GetDouble()) <= 1e-9 * absSum + 1e-12, $"{key}: sum {sum}");
            Assert.True(Math.Abs(absSum - probe.GetProperty("abs_sum").GetDouble()) <= 1e-9 * absSum + 1e-12, $"{key}: abs sum {absSum}");
        }
    }

    [Fact]
    public void TinyGeneratorTrainingCopyDiffersFromEma()
    {
        using var scope = TensorScope.Enter();
        var ema = TinyGeneratorWeights.Build();
        var train = TinyGeneratorWeights.Build(trainingCopy: true);
        const string key = "backbone.synthesis.b4.const";
        Assert.False(ema[key].ToArray<float>().SequenceEqual(train[key].ToArray<float>()));
        Assert.Equal(ema["backbone.synthesis.b4.resample_filter"].ToArray<float>(), train["backbone.synthesis.b4.resample_filter"].ToArray<float>());
    }

    [Fact]
    public void TinyGeneratorIoHoldsInputsAndOutputs()
    {
        using var scope = TensorScope.Enter();
        var io = TinyGeneratorWeights.LoadIo();
        foreach (var (name, shape) in TinyGeneratorWeights.Io.GetProperty("shapes").EnumerateObject()
                     .Where(p => p.Name.Contains('.')).Select(p => (p.Name, p.Value.EnumerateArray().Select(e => e.GetInt64()).ToArray())))
            Assert.Equal(shape, io[name].Shape);
        foreach (var name in new[] { "in.z", "in.z_motion", "in.t", "in.c", "in.c_mapping", "in.coordinates", "out.ws", "out.image_raw",
                     "out.image", "out.image_depth", "out.sigma", "out.rgb", "out.planes_index", "out.planes_values" })
            Assert.True(io.ContainsKey(name), $"tiny_generator_io.npz lacks {name}");
        Assert.Equal(DType.Int64, io["out.planes_index"].DType);
        var generator = TinyGeneratorWeights.Config.GetProperty("model_config").GetProperty("pv3d").GetProperty("generator");
        Assert.Equal(512, generator.GetProperty("w_dim").GetInt32());
        Assert.Equal(32, TinyGeneratorWeights.Config.GetProperty("training").GetProperty("rendering_resolution").GetInt32());
    }

    [Fact]
    public void OfficialCheckpointWriterStoresBothGenerators()
    {
        var path = Path.Combine(Path.GetTempPath(), $"pv3d-tiny-{Guid.NewGuid():N}.ckpt");
        try
        {
            TinyGeneratorWeights.WriteOfficialCheckpoint(path);
            using var scope = TensorScope.Enter();
            var root = (Dictionary<object, object?>)TorchCheckpoint.Load(path)!;
            var model = (IDictionary<object, object?>)root["model"]!;
            var n = TinyGeneratorWeights.Document.GetProperty("weights").GetProperty("keys").GetArrayLength();
            Assert.Equal(1 + 2 * n, model.Count);
            var config = (IDictionary<object, object?>)root["config"]!;
            var training = (IDictionary<object, object?>)config["training"]!;
            Assert.Equal(32L, Convert.ToInt64(training["rendering_resolution"]));
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public void RelativeL2CatchesSmallErrorsAndNaN()
    {
        using var scope = TensorScope.Enter();
        var expected = Tensor.FromArray(new float[] { 1, -2, 3, 4 }, 2, 2);
        GeneratorFixture.AssertRelativeClose(expected, expected.Clone(), 1e-4, "same");
        var off = Tensor.FromArray(new float[] { 1, -2, 3, 4.01f }, 2, 2);
        Assert.ThrowsAny<Exception>(() => GeneratorFixture.AssertRelativeClose(expected, off, 1e-4, "off"));
        var nan = Tensor.FromArray(new float[] { 1, -2, float.NaN, 4 }, 2, 2);
        Assert.ThrowsAny<Exception>(() => GeneratorFixture.AssertRelativeClose(expected, nan, 1e-4, "nan"));
        Assert.ThrowsAny<Exception>(() => GeneratorFixture.AssertRelativeClose(expected, expected.Reshape(4), 1e-4, "shape"));
    }

    [Fact]
    public void SubsetCheckCoversStoredValuesAndWholeTensorStatistics()
    {
        var whole = Enumerable.Range(0, 100).Select(i => Math.Sin(i * 0.37) + 0.1).ToArray();
        var index = new long[] { 3, 17, 42, 99 };
        var values = index.Select(i => whole[i]).ToArray();
        var mean = whole.Average();
        var std = Math.Sqrt(whole.Select(v => (v - mean) * (v - mean)).Average());
        GeneratorFixture.AssertSubset("same", whole, index, values, mean, std, 1e-6);
        var offSample = (double[])whole.Clone();
        offSample[42] += 1e-3;
        Assert.ThrowsAny<Exception>(() => GeneratorFixture.AssertSubset("sample", offSample, index, values, mean, std, 1e-6));
        var offElsewhere = (double[])whole.Clone();
        offElsewhere[50] += 0.5; // not a stored element: only the statistics can see it
        Assert.ThrowsAny<Exception>(() => GeneratorFixture.AssertSubset("elsewhere", offElsewhere, index, values, mean, std, 1e-6));
    }

    [Fact]
    public void MissingCaseFailsLoudly()
    {
        var e = Assert.Throws<KeyNotFoundException>(() => GeneratorFixture.Load("no_such_case"));
        Assert.Contains("no_such_case", e.Message);
    }

    /// <summary>The engine's antialiased resize against the official SR call (the only engine op the SR uses directly).</summary>
    [Fact]
    public void AntialiasedResizeMatchesOfficialSuperresolutionCall()
    {
        using var scope = TensorScope.Enter();
        using var fx = GeneratorFixture.Load("interpolate_antialias");
        var size = new Pair2d(32, 32);
        fx.AssertOutput("down", Functional.Interpolate(fx.Input("x_down"), size, InterpolateMode.Bilinear, false, true));
        fx.AssertOutput("up", Functional.Interpolate(fx.Input("x_up"), size, InterpolateMode.Bilinear, false, true));
    }
}
