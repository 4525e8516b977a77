using Pv3d.Applications.Inversion;
using Pv3d.Checkpoints;
using Pv3d.Tests.IO;
using Pv3d.Torch;
using Pv3d.Torch.IO;

namespace Pv3d.Tests.Checkpoints;

/// <summary>Tests that set the process-wide <c>PV3D_MODEL</c> setting run one at a time.</summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class BundledModelEnvironment
{
    public const string Name = "bundled model setting";
}

[Collection(BundledModelEnvironment.Name)]
public sealed class BundledModelTests : IDisposable
{
    private readonly IoFixtures.TempDir _dir = new();

    public void Dispose()
    {
        Environment.SetEnvironmentVariable(BundledModel.EnvironmentVariable, null);
        _dir.Dispose();
    }

    [Fact]
    public void TheRepositoryCopyIsFoundLoadsAndRenders()
    {
        var path = BundledModel.Resolve();
        Assert.EndsWith(BundledModel.RelativePath, path.Replace('\\', '/'));
        Assert.InRange(new FileInfo(path).Length, 1L << 20, 25L << 20);
        Assert.Contains("64² frames", BundledModel.Describe(path));

        var outDir = _dir.File("generated");
        var (code, _, stderr) = RunCli("generate", "--seeds", "0-1", "--frames", "2", "--out", outDir);
        Assert.True(code == 0, stderr);
        Assert.Contains($"using the bundled model {BundledModel.Name}", stderr);
        foreach (var seed in new[] { "seed0000", "seed0001" })
        {
            Assert.True(new FileInfo(Path.Combine(outDir, seed + ".mp4")).Length > 0, $"{seed}.mp4 is missing or empty");
            Assert.True(File.Exists(Path.Combine(outDir, seed + "_grid.png")), $"{seed}_grid.png is missing");
        }
        // Two seeds must give two different people, not the same frame twice.
        var a = Pv3d.Video.VideoReader.Read(Path.Combine(outDir, "seed0000.mp4"));
        var b = Pv3d.Video.VideoReader.Read(Path.Combine(outDir, "seed0001.mp4"));
        var differing = a.Data.Zip(b.Data).Count(p => Math.Abs(p.First - p.Second) > 24);
        Assert.True(differing > a.Data.Length / 10, $"seeds 0 and 1 differ in only {differing} of {a.Data.Length} values");
    }

    [Fact]
    public void AMissingFileIsNamedWithHowToRestoreIt()
    {
        var path = _dir.File("models/synthetic-heads.safetensors");
        var e = Assert.Throws<Pv3dException>(() => BundledModel.Check(path));
        Assert.Contains(path, e.Message);
        Assert.Contains("missing", e.Message);
        Assert.Contains("git checkout", e.Message);
    }

    [Fact]
    public void ADamagedFileIsNamed()
    {
        var garbage = _dir.File("garbage.safetensors");
        File.WriteAllText(garbage, "this is not a model");
        Assert.Contains($"the bundled model {garbage} is damaged", Assert.Throws<Pv3dException>(() => BundledModel.Check(garbage)).Message);

        // A real generator file cut short (an interrupted checkout): the header still parses, the tensors do not fit.
        var whole = Pv3d.Tests.Applications.TinyModel.Write(_dir.Root);
        Assert.Equal(whole, BundledModel.Check(whole));
        var truncated = _dir.File("truncated.safetensors");
        var bytes = File.ReadAllBytes(whole);
        File.WriteAllBytes(truncated, bytes[..(bytes.Length - 1000)]);
        var message = Assert.Throws<Pv3dException>(() => BundledModel.Check(truncated)).Message;
        Assert.Contains(truncated, message);
        Assert.Contains("damaged", message);

        // A safetensors file that is not one of our generators (no format or config in its metadata).
        var other = _dir.File("other.safetensors");
        using (TensorScope.Enter()) SafeTensors.Save(other, new Dictionary<string, Tensor> { ["x"] = Tensor.Zeros(2) });
        Assert.Contains("no pv3d generator format", Assert.Throws<Pv3dException>(() => BundledModel.Check(other)).Message);
    }

    /// <summary>
    /// Every command that runs a generator, given no --checkpoint, turns to the bundled model: pointed (by the setting)
    /// at a file that is not there, each fails with exit code 2 and the one-line message naming that file.
    /// </summary>
    [Theory]
    [InlineData("generate", "--seeds", "0", "--out", "{dir}/gen")]
    [InlineData("forward", "--inputs", "{dir}/in.npz", "--output", "{dir}/out.npz")]
    [InlineData("evaluate", "fvd", "--real", "{dir}/real", "--num-videos", "2")]
    [InlineData("evaluate", "id", "--num-videos", "2")]
    [InlineData("evaluate", "cd", "--num-videos", "2")]
    [InlineData("invert", "--image", "{dir}/face.png", "--out", "{dir}/inv")]
    [InlineData("animate", "--image", "{dir}/face.png", "--out", "{dir}/anim")]
    [InlineData("reconstruct", "--video", "{dir}/clip.mp4", "--cameras", "{dir}/cameras.json", "--out", "{dir}/rec")]
    [InlineData("edit", "--latents", "{dir}/latents.npz", "--motion-seed", "3", "--out", "{dir}/edit")]
    [InlineData("retarget", "--source", "{dir}/latents.npz", "--target", "{dir}/latents.npz", "--out", "{dir}/ret")]
    [InlineData("mesh", "--seed", "0", "--out", "{dir}/mesh")]
    public void EveryGeneratorCommandDefaultsToTheBundledModel(params string[] args)
    {
        using (TensorScope.Enter())
            new Latents(Tensor.Zeros(1, 10, 512), Tensor.Zeros(2, 25), Tensor.Zeros(2, 1, 512), Tensor.Zeros(2)).Save(_dir.File("latents.npz"));
        var missing = _dir.File("nowhere/synthetic-heads.safetensors");
        Environment.SetEnvironmentVariable(BundledModel.EnvironmentVariable, missing);
        var (code, _, stderr) = RunCli(args.Select(a => a.Replace("{dir}", _dir.Root)).ToArray());
        Assert.Equal(2, code);
        Assert.Contains($"the bundled model {missing} is missing", stderr);
        Assert.DoesNotContain("   at ", stderr);
    }

    [Fact]
    public void InfoListsTheBundledModel()
    {
        var (code, stdout, _) = RunCli("info");
        Assert.Equal(0, code);
        Assert.Contains("bundled model", stdout);
        Assert.Contains(BundledModel.Describe(BundledModel.Resolve()).Split(',')[0], stdout.Replace("\n", " "));
    }

    private static (int Code, string Stdout, string Stderr) RunCli(params string[] args)
    {
        var (stdout, stderr) = (new StringWriter(), new StringWriter());
        var (oldOut, oldErr) = (Console.Out, Console.Error);
        Console.SetOut(stdout);
        Console.SetError(stderr);
        try
        {
            var code = Pv3d.Cli.Program.Main(args);
            return (code, stdout.ToString(), stderr.ToString());
        }
        finally
        {
            Console.SetOut(oldOut);
            Console.SetError(oldErr);
        }
    }
}
