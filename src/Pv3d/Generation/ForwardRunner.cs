using Pv3d.Checkpoints;
using Pv3d.Networks;
using Pv3d.Rendering;
using Pv3d.Torch;
using Pv3d.Torch.IO;

namespace Pv3d.Generation;

/// <summary>What a forward run wrote, for the command's summary.</summary>
public sealed record ForwardSummary(long Count, long RenderingResolution, IReadOnlyDictionary<string, long[]> Outputs, IReadOnlyList<string> Notes);

/// <summary>
/// <c>pv3d forward</c>: loads a generator checkpoint and an input NPZ, runs the official forward pass
/// row by row in eval mode with the const noise buffers, and writes ws, planes, image_raw, image,
/// image_depth (and sigma, rgb at the given coordinates) to an output NPZ.
/// </summary>
public static class ForwardRunner
{
    public static ForwardSummary Run(ForwardOptions options)
    {
        using var loaded = CheckpointLoader.LoadGenerator(options.CheckpointPath, options.Network, options.ConfigPath);
        return Run(loaded.Generator, options with { RenderingResolution = options.RenderingResolution ?? loaded.Config.RenderingResolution });
    }

    /// <summary>Runs an already loaded generator (used by <see cref="Run(ForwardOptions)"/> and tests).</summary>
    public static ForwardSummary Run(TriPlaneGenerator generator, ForwardOptions options)
    {
        if (options.BatchSize < 1) throw new Pv3dException($"the batch size must be at least 1, got {options.BatchSize}");
        if (options.TruncationCutoff is < 0) throw new Pv3dException($"--truncation-cutoff must not be negative, got {options.TruncationCutoff}");
        var resolution = options.RenderingResolution ?? generator.NeuralRenderingResolution;
        if (resolution < 1) throw new Pv3dException($"--rendering-resolution must be positive, got {resolution}");
        using var inputs = ForwardInputs.Load(options.InputsPath, generator.Config.ZDim, generator.Config.CDim);
        var notes = new List<string>();
        if (inputs.DiscriminatorInputs.Count > 0)
            notes.Add($"{options.InputsPath}: {string.Join(" and ", inputs.DiscriminatorInputs)} given, but the discriminators are not implemented yet: logits_img and logits_vid are not written");
        if (inputs.Ignored.Count > 0)
            notes.Add($"{options.InputsPath}: unknown arrays ignored: {string.Join(", ", inputs.Ignored)}");

        generator.Eval();
        TorchRandom.ManualSeed(options.Seed);
        var sampling = options.Deterministic ? SamplingMode.Deterministic : SamplingMode.Stochastic;
        var parts = new Dictionary<string, List<Tensor>>();
        using var noGrad = Autograd.NoGrad();
        using var scope = TensorScope.Enter();
        for (long start = 0; start < inputs.Count; start += options.BatchSize)
        {
            var rows = Math.Min(options.BatchSize, inputs.Count - start);
            Tensor Rows(Tensor t) => t.Narrow(0, start, rows);
            var ws = generator.Mapping(Rows(inputs.Z), Rows(inputs.CMapping ?? inputs.C), options.TruncationPsi, options.TruncationCutoff);
            var output = generator.Synthesis(ws, Rows(inputs.ZMotion), Rows(inputs.T), Rows(inputs.C), resolution, NoiseMode.Const, sampling);
            Add(parts, "ws", output.Ws);
            Add(parts, "planes", output.Planes);
            Add(parts, "image_raw", output.ImageRaw);
            Add(parts, "image", output.Image);
            Add(parts, "image_depth", output.ImageDepth);
            if (inputs.Coordinates is { } coordinates)
            {
                var samples = generator.Renderer.RunModel(output.Planes, generator.Decoder, Rows(coordinates),
                    Tensor.ZerosLike(Rows(coordinates)), generator.RenderingOptions, sampling);
                Add(parts, "sigma", samples.Sigma);
                Add(parts, "rgb", samples.Rgb);
            }
        }
        var arrays = parts.ToDictionary(kv => kv.Key, kv => kv.Value.Count == 1 ? kv.Value[0] : Tensor.Cat(kv.Value));
        Npz.Save(options.OutputPath, arrays);
        return new ForwardSummary(inputs.Count, resolution, arrays.ToDictionary(kv => kv.Key, kv => kv.Value.Shape), notes);
    }

    private static void Add(Dictionary<string, List<Tensor>> parts, string name, Tensor value)
    {
        if (!parts.TryGetValue(name, out var list)) parts[name] = list = new List<Tensor>();
        list.Add(value.Contiguous());
    }
}
