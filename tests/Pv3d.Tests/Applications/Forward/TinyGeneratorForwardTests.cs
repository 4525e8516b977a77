using Pv3d.Applications.Forward;
using Pv3d.Checkpoints;
using Pv3d.Tests.Checkpoints;
using Pv3d.Tests.IO;
using Pv3d.Tests.Networks;
using Pv3d.Torch;
using Pv3d.Torch.IO;

namespace Pv3d.Tests.Applications.Forward;

/// <summary>
/// The acceptance test: the seeded tiny generator, written as an official-layout checkpoint,
/// run through the code behind <c>pv3d forward --deterministic</c>, reproduces the official outputs
/// (tiny_generator_io.npz: mapping camera c0, psi 0.7 cutoff 8, const noise, rendering resolution 32).
/// </summary>
[Collection(GlobalRandomCollection.Name)]
public class TinyGeneratorForwardTests
{
    private const double Tolerance = 1e-3;

    private static ForwardOptions Options(string dir) => new()
    {
        CheckpointPath = Path.Combine(dir, "tiny.ckpt"),
        InputsPath = Path.Combine(dir, "in.npz"),
        OutputPath = Path.Combine(dir, "out.npz"),
        Deterministic = true,
        TruncationPsi = TinyGeneratorWeights.Io.GetProperty("truncation_psi").GetDouble(),
        TruncationCutoff = TinyGeneratorWeights.Io.GetProperty("truncation_cutoff").GetInt32(),
    };

    /// <summary>The checkpoint and the inputs NPZ (in.* arrays without their prefix), written into <paramref name="dir"/>.</summary>
    private static Dictionary<string, Tensor> Prepare(string dir)
    {
        TinyGeneratorWeights.WriteOfficialCheckpoint(Path.Combine(dir, "tiny.ckpt"));
        var io = TinyGeneratorWeights.LoadIo();
        var inputs = io.Where(kv => kv.Key.StartsWith("in.", StringComparison.Ordinal))
            .ToDictionary(kv => kv.Key["in.".Length..], kv => kv.Value);
        Npz.Save(Path.Combine(dir, "in.npz"), inputs);
        return io;
    }

    [Fact]
    public void ForwardReproducesTheOfficialOutputs()
    {
        using var dir = new IoFixtures.TempDir();
        using var scope = TensorScope.Enter();
        var io = Prepare(dir.Root);
        var options = Options(dir.Root);

        var summary = ForwardRunner.Run(options);
        Assert.Equal(TinyGeneratorWeights.Io.GetProperty("neural_rendering_resolution").GetInt64(), summary.RenderingResolution);
        Assert.Empty(summary.Notes);

        var output = Npz.Load(options.OutputPath);
        foreach (var name in new[] { "ws", "image_raw", "image", "image_depth", "sigma", "rgb" })
            GeneratorFixture.AssertRelativeClose(io["out." + name], output[name], Tolerance, $"forward output '{name}'");

        var planes = output["planes"];
        Assert.Equal(TinyGeneratorWeights.Io.GetProperty("shapes").GetProperty("planes").EnumerateArray().Select(e => e.GetInt64()), planes.Shape);
        GeneratorFixture.AssertSubset("forward output 'planes'", GeneratorFixture.ToDoubles(planes), io["out.planes_index"].ToArray<long>(),
            GeneratorFixture.ToDoubles(io["out.planes_values"]), io["out.planes_mean"].Item(), io["out.planes_std"].Item(), Tolerance);
    }

    [Fact]
    public void CliForwardExitCodes()
    {
        using var dir = new IoFixtures.TempDir();
        using var scope = TensorScope.Enter();
        Prepare(dir.Root);
        var o = Options(dir.Root);
        string[] Args(string inputs) =>
        [
            "forward", "--checkpoint", o.CheckpointPath, "--inputs", inputs, "--output", o.OutputPath, "--deterministic",
            "--truncation-psi", "0.7", "--truncation-cutoff", "8", "--network", "generator_ema", "--threads", "2", "--seed", "3",
        ];
        Assert.Equal(0, Pv3d.Cli.Program.Main(Args(o.InputsPath)));
        var shapes = Npz.Load(o.OutputPath).ToDictionary(kv => kv.Key, kv => kv.Value.Shape);
        Assert.Equal(new long[] { 2, 3, 128, 128 }, shapes["image"]);
        Assert.Equal(new long[] { 2, 1, 32, 32 }, shapes["image_depth"]);

        // A missing array is a user error: one line, exit code 2.
        var bad = Npz.Load(o.InputsPath);
        bad.Remove("z_motion");
        var badPath = Path.Combine(dir.Root, "bad.npz");
        Npz.Save(badPath, bad);
        Assert.Equal(2, Pv3d.Cli.Program.Main(Args(badPath)));
        Assert.Equal(2, Pv3d.Cli.Program.Main(["forward", "--checkpoint", o.CheckpointPath + ".nope", "--inputs", o.InputsPath, "--output", o.OutputPath]));
    }
}
