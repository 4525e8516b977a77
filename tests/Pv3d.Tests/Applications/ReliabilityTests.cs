using System.Diagnostics;
using Pv3d.Applications.Forward;
using Pv3d.Applications.Generation;
using Pv3d.Checkpoints;
using Pv3d.Config;
using Pv3d.Data.Synthetic;
using Pv3d.Tests.Checkpoints;
using Pv3d.Tests.IO;
using Pv3d.Torch;
using Pv3d.Torch.IO;
using Pv3d.Training.Loop;

namespace Pv3d.Tests.Applications;

/// <summary>
/// Issue 12 items 4, 7-15 outside the training loop: what the commands refuse, how they say it (exit 2, one or two
/// lines, no stack trace) and what they leave behind. Uses the tiny official-layout checkpoint.
/// </summary>
[Collection(GlobalRandomCollection.Name)]
public sealed class ReliabilityTests(TinyCheckpointFixture fx) : IClassFixture<TinyCheckpointFixture>
{
    /// <summary>Runs the CLI in-process, returning its exit code and what it wrote to stderr.</summary>
    private static (int Code, string Error) Cli(params string[] args)
    {
        var previous = Console.Error;
        using var error = new StringWriter();
        Console.SetError(error);
        try
        {
            return (Pv3d.Cli.Program.Main(args), error.ToString());
        }
        finally
        {
            Console.SetError(previous);
        }
    }

    private static void AssertUserError((int Code, string Error) result, params string[] contains)
    {
        Assert.True(result.Code == 2, $"exit {result.Code}: {result.Error}");
        Assert.DoesNotContain("   at ", result.Error); // no stack trace
        foreach (var text in contains) Assert.Contains(text, result.Error);
    }

    // Item 4.
    [Fact]
    public void ConvertRefusesItsOwnInputAndATrainingCheckpoint()
    {
        var copy = fx.File("self.ckpt");
        File.Copy(fx.CheckpointPath, copy, overwrite: true);
        var before = File.ReadAllBytes(copy);
        var link = fx.File("self-link.ckpt");
        if (!File.Exists(link)) File.CreateSymbolicLink(link, copy);
        AssertUserError(Cli("convert", "--checkpoint", copy, "--output", link), "the input checkpoint itself");
        Assert.Equal(before, File.ReadAllBytes(copy));

        // A training checkpoint is not replaced by a generator-only file unless asked.
        var training = fx.File("training.safetensors");
        using (var scope = TensorScope.Enter())
        {
            using var state = new Pv3d.CheckpointWriter.NumberedState();
            state.Save(training, 5);
        }
        var trainingBytes = File.ReadAllBytes(training);
        AssertUserError(Cli("convert", "--checkpoint", fx.CheckpointPath, "--output", training), "training checkpoint", "--overwrite");
        Assert.Equal(trainingBytes, File.ReadAllBytes(training));
        Assert.Equal(0, Cli("convert", "--checkpoint", fx.CheckpointPath, "--output", training, "--overwrite").Code);
        Assert.NotEqual(trainingBytes, File.ReadAllBytes(training));
    }

    // Item 7.
    [Fact]
    public void AFifoCheckpointIsRefusedAtOnceAndThreadsAreBounded()
    {
        var fifo = fx.File("pipe.ckpt");
        if (!File.Exists(fifo)) AtomicFileSafetyTests.MakeFifo(fifo);
        var task = Task.Run(() => Cli("forward", "--checkpoint", fifo, "--inputs", fx.InputsPath, "--output", fx.File("o.npz")));
        Assert.True(task.Wait(TimeSpan.FromSeconds(60)), "reading a FIFO blocked");
        AssertUserError(task.Result, "FIFO");
        var threads = TorchRuntime.NumThreads;
        AssertUserError(Cli("info", "--threads", "100000"), "thread count");
        AssertUserError(Cli("info", "--threads", "0"), "--threads");
        Assert.Equal(threads, TorchRuntime.NumThreads);
    }

    // Item 8.
    [Fact]
    public void RangesAreCheckedUpFrontAndAnAllocationFailureIsAUserError()
    {
        AssertUserError(Cli("forward", "--checkpoint", fx.CheckpointPath, "--inputs", fx.InputsPath, "--output", fx.File("big.npz"),
            "--rendering-resolution", "100000"), "--rendering-resolution must be within 1..1024");
        var config = fx.File("huge.json");
        File.WriteAllText(config, """{"model_config": {"pv3d": {"generator": {"z_dim": 2000000000}}}}""");
        AssertUserError(Cli("init", "--config", config, "--output", fx.File("huge.safetensors")), "z_dim");
        var e = Assert.Throws<TorchOutOfMemoryException>(() => Tensor.Zeros(1L << 40, 1L << 10));
        Assert.Contains("out of memory", e.Message);
        Assert.Contains("GB", e.Message);
        Assert.IsAssignableFrom<Pv3dException>(e);
    }

    // Item 9.
    [Theory]
    [InlineData(new[] { "generate", "--checkpoint", "x", "--frames", "many" }, "--frames: 'many' is not a whole number", "see pv3d generate --help")]
    [InlineData(new[] { "generate", "--checkpoint", "x", "--truncation-cutoff", "x" }, "--truncation-cutoff: 'x' is not a whole number", "see pv3d generate --help")]
    [InlineData(new[] { "generate", "--checkpoint", "x", "--depth-colormap", "rainbow" }, "one of Grayscale, Viridis", "see pv3d generate --help")]
    [InlineData(new[] { "frobnicate" }, "unknown command or option 'frobnicate'", "see pv3d --help")]
    public void ParseErrorsAreOneLineAndExit2(string[] args, string message, string help)
    {
        var result = Cli(args);
        AssertUserError(result, message, help);
        var lines = result.Error.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.InRange(lines.Length, 1, 2);
        Assert.DoesNotContain("System.", result.Error);
        Assert.DoesNotContain("Pv3d.", result.Error);
    }

    // Item 10 and the N = 0 message of item 14.
    [Fact]
    public void NonFiniteInputsAndDegenerateCamerasAreRefusedNamingTheArray()
    {
        using var scope = TensorScope.Enter();
        string Variant(string name, Action<Dictionary<string, Tensor>> change)
        {
            var arrays = Npz.Load(fx.InputsPath);
            change(arrays);
            var path = fx.File($"in_{name}.npz");
            Npz.Save(path, arrays);
            return path;
        }
        var nanZ = Variant("nan_z", a =>
        {
            var values = a["z"].To(DType.Float32).ToArray<float>();
            values[3] = float.NaN;
            a["z"] = Tensor.FromArray(values, a["z"].Shape);
        });
        Assert.Contains("'z' holds NaN", Assert.Throws<Pv3dException>(() => ForwardInputs.Load(nanZ, 512, 512)).Message);
        var infT = Variant("inf_t", a => a["t"] = Tensor.Full(a["t"].Shape, double.PositiveInfinity));
        Assert.Contains("'t' holds NaN or infinite", Assert.Throws<Pv3dException>(() => ForwardInputs.Load(infT, 512, 512)).Message);
        var zeroC = Variant("zero_c", a => a["c"] = Tensor.Zeros(a["c"].Shape));
        var e = Assert.Throws<Pv3dException>(() => ForwardInputs.Load(zeroC, 512, 512));
        Assert.Contains("'c', row 0", e.Message);
        Assert.Contains("not orthonormal", e.Message);
        var empty = Variant("empty", a =>
        {
            foreach (var k in a.Keys.ToList()) a[k] = a[k].Narrow(0, 0, 0);
        });
        Assert.Contains("has no rows", Assert.Throws<Pv3dException>(() => ForwardInputs.Load(empty, 512, 512)).Message);
        AssertUserError(Cli("forward", "--checkpoint", fx.CheckpointPath, "--inputs", fx.InputsPath, "--output", fx.File("psi.npz"),
            "--truncation-psi", "NaN"), "--truncation-psi must be a finite number");
    }

    // Items 11 and 12.
    [Fact]
    public void MisspelledKeysAreNamedAndATrainingSectionIsLaidOverThePreset()
    {
        var path = fx.File("typos.yaml");
        File.WriteAllText(path, """
            model_config:
              pv3d:
                generator:
                  img_resoltion: 64
            training:
              batchsize: 4
              r1_gamma_x: 1
              num_workers: 2
            checkpoint:
              anything_goes: 1
            """);
        var warnings = ConfigKeyCheck.UnknownKeys(path);
        Assert.Contains(warnings, w => w.Contains("unknown key training.batchsize") && w.Contains("did you mean batch_size?"));
        Assert.Contains(warnings, w => w.Contains("model_config.pv3d.generator.img_resoltion") && w.Contains("did you mean img_resolution?"));
        Assert.DoesNotContain(warnings, w => w.Contains("num_workers") || w.Contains("anything_goes"));
        Assert.Equal(3, warnings.Count);

        // A training section with one key keeps the preset's other settings (tiny: batch 8, still-video term).
        var one = fx.File("one-key.yaml");
        File.WriteAllText(one, "training:\n  gen_reg_interval: 8\n");
        var tiny = TrainingPresets.Tiny();
        var setup = TrainingPresets.Override(tiny, one);
        Assert.Equal(8, setup.Training.GenRegInterval);
        Assert.Equal(tiny.BatchSize, setup.BatchSize);
        Assert.Equal(tiny.Training with { GenRegInterval = 8 }, setup.Training);
    }

    // Item 13.
    [Fact]
    public void DuplicateSeedsAbsurdRatesAndNegativeSeedsAreRefusedAlike()
    {
        Assert.Contains("seed 1 is given twice", Assert.Throws<Pv3dException>(() => SeedList.Parse("0-2,1")).Message);
        Assert.Throws<Pv3dException>(() => new VideoGenerationOptions { Fps = 1e9 }.Validate());
        AssertUserError(Cli("init", "--output", fx.File("neg.safetensors"), "--seed", "-5"), "negative");
        Assert.False(File.Exists(fx.File("neg.safetensors")));
    }

    // Item 15.
    [Fact]
    public void FailuresLeaveNoEmptyFoldersOrTemporariesAndRedirectedOutputHasNoEscapeCodes()
    {
        // generate with a bad camera file creates no output folder.
        var cameras = fx.File("zero-cameras.json");
        File.WriteAllText(cameras, "[[\"f0\", [" + string.Join(", ", Enumerable.Repeat("0", 25)) + "]]]");
        var outDir = fx.File("gen-out");
        AssertUserError(Cli("generate", "--checkpoint", fx.CheckpointPath, "--camera", cameras, "--out", outDir, "--frames", "1"), "orthonormal");
        Assert.False(Directory.Exists(outDir));

        // dataset synth --force clears the temporaries a killed run left.
        var data = fx.File("synth");
        Directory.CreateDirectory(Path.Combine(data, "recrop_faces"));
        var stale = Path.Combine(data, "recrop_faces", $".clip.mp4.{Guid.NewGuid():N}.tmp");
        File.WriteAllText(stale, "half");
        SyntheticDatasetWriter.Write(new SyntheticDatasetOptions { OutputDir = data, Count = 1, Frames = 2, Resolution = 16, Force = true });
        Assert.False(File.Exists(stale));

        // Redirected output carries no colour or cursor escape codes.
        var cli = Path.Combine(AppContext.BaseDirectory, "Pv3d.Cli.dll");
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var arg in new[] { cli, "info" }) start.ArgumentList.Add(arg);
        start.Environment["TERM"] = "xterm-256color";
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEnd();
        process.WaitForExit();
        Assert.Equal(0, process.ExitCode);
        Assert.Contains("libtorch", output);
        Assert.DoesNotContain('\u001b', output);
    }

    // Item 14: a garbage checkpoint and another architecture.
    [Fact]
    public void GarbageCheckpointsAndOtherArchitecturesAreNamedForWhatTheyAre()
    {
        var garbage = fx.File("garbage.ckpt");
        File.WriteAllBytes(garbage, Enumerable.Range(0, 300).Select(i => (byte)(i * 7)).ToArray());
        var e = Assert.Throws<Pv3dException>(() => CheckpointLoader.Read(garbage));
        Assert.Contains("neither a PyTorch zip archive", e.Message);
        Assert.Contains("is a folder", Assert.Throws<Pv3dException>(() => CheckpointLoader.Read(Path.GetDirectoryName(garbage)!)).Message);

        var report = new Torch.Modules.LoadStateDictReport(new[] { "a.weight", "b.weight" }, new[] { "c.weight" }, Array.Empty<Torch.Modules.ShapeMismatch>());
        Assert.StartsWith("the architectures differ (2 missing, 1 unexpected, 0 of other shapes)", report.Describe());
    }
}
