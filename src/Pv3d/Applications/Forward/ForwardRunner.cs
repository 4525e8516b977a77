using Pv3d.Checkpoints;
using Pv3d.Networks;
using Pv3d.Rendering;
using Pv3d.Torch;
using Pv3d.Torch.IO;

namespace Pv3d.Applications.Forward;

/// <summary>What a forward run wrote, for the command's summary.</summary>
public sealed record ForwardSummary(long Count, long RenderingResolution, IReadOnlyDictionary<string, long[]> Outputs, IReadOnlyList<string> Notes);

/// <summary>
/// <c>pv3d forward</c>: loads a generator checkpoint and an input NPZ, runs the official forward pass
/// row by row in eval mode with the const noise buffers, and writes ws, planes, image_raw, image,
/// image_depth (and sigma, rgb at the given coordinates) to an output NPZ. Given <c>image</c> (and
/// <c>image_raw</c>), it also runs the checkpoint's discriminators on them, conditioned on <c>c</c>:
/// <c>logits_img</c> [N, 1] and <c>logits_vid</c> [N/2, 1] (rows 2b and 2b+1 are one video, its frame
/// times the rows' <c>t</c>). The discriminators see the whole batch at once, because their minibatch
/// standard deviation depends on which samples share a batch.
/// </summary>
public static class ForwardRunner
{
    public static ForwardSummary Run(ForwardOptions options)
    {
        using var loaded = CheckpointLoader.LoadGenerator(options.CheckpointPath, options.Network, options.ConfigPath);
        return Run(loaded.Generator, options with { RenderingResolution = options.RenderingResolution ?? loaded.Config.RenderingResolution },
            () => DiscriminatorLoader.Load(options.CheckpointPath, options.ConfigPath));
    }

    /// <summary>
    /// Runs an already loaded generator (used by <see cref="Run(ForwardOptions)"/> and tests);
    /// <paramref name="discriminators"/> is called only when the inputs hold images.
    /// </summary>
    public static ForwardSummary Run(TriPlaneGenerator generator, ForwardOptions options, Func<LoadedDiscriminators>? discriminators = null)
    {
        if (options.BatchSize < 1)
            throw Pv3dException.ForSettings($"{nameof(options.BatchSize)} must be at least 1, got {options.BatchSize}", nameof(options.BatchSize));
        if (options.TruncationCutoff is < 0)
            throw Pv3dException.ForSettings($"{nameof(options.TruncationCutoff)} must not be negative, got {options.TruncationCutoff}", nameof(options.TruncationCutoff));
        var resolution = options.RenderingResolution ?? generator.NeuralRenderingResolution;
        if (resolution < 1)
            throw Pv3dException.ForSettings($"{nameof(options.RenderingResolution)} must be positive, got {resolution}", nameof(options.RenderingResolution));
        using var inputs = ForwardInputs.Load(options.InputsPath, generator.ZDim, generator.MotionDim, generator.CDim);
        var notes = new List<string>();
        if (inputs.Ignored.Count > 0)
            notes.Add($"{options.InputsPath}: unknown arrays ignored: {string.Join(", ", inputs.Ignored)}");

        generator.Eval();
        var sampling = options.Deterministic ? SamplingMode.Deterministic : SamplingMode.Stochastic;
        var parts = new Dictionary<string, List<Tensor>>();
        using var noGrad = Autograd.NoGrad();
        using var scope = TensorScope.Enter();
        // The discriminators run first (on the given images, independent of the generator) so that bad
        // images or a mismatched checkpoint fail before the long generator pass. Each part starts from the
        // seed, so the generator's outputs do not depend on whether the discriminators ran (camera noise).
        TorchRandom.ManualSeed(options.Seed);
        var discriminatorOutputs = new List<(string Name, Tensor Logits)>();
        if (inputs.DiscriminatorInputs.Count > 0)
        {
            if (discriminators is null)
            {
                notes.Add($"{options.InputsPath}: {string.Join(" and ", inputs.DiscriminatorInputs)} given, but no discriminators were loaded: logits_img and logits_vid are not written");
            }
            else
            {
                using var loadedDs = discriminators();
                foreach (var (name, logits) in DiscriminatorLogits.Run(loadedDs, inputs, options.InputsPath, notes))
                    discriminatorOutputs.Add((name, logits.Contiguous()));
            }
        }
        TorchRandom.ManualSeed(options.Seed);
        for (long start = 0; start < inputs.Count; start += options.BatchSize)
        {
            var rows = Math.Min(options.BatchSize, inputs.Count - start);
            Tensor Rows(Tensor t) => t.Narrow(0, start, rows);
            var ws = generator.Mapping(Rows(inputs.Z), Rows(inputs.CMapping ?? inputs.C), options.TruncationPsi, options.TruncationCutoff);
            var output = generator.Synthesis(ws, Rows(inputs.ZMotion), Rows(inputs.T), Rows(inputs.C), resolution, NoiseMode.Const, sampling);
            Add(parts, "ws", output.Ws);
            Add(parts, "planes", output.Planes.Flatten(1, 2)); // [N, 3, 32, H, W] -> the backbone's [N, 96, H, W]
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
        foreach (var (name, logits) in discriminatorOutputs) arrays[name] = logits;
        Npz.Save(options.OutputPath, arrays);
        return new ForwardSummary(inputs.Count, resolution, arrays.ToDictionary(kv => kv.Key, kv => kv.Value.Shape), notes);
    }

    private static void Add(Dictionary<string, List<Tensor>> parts, string name, Tensor value)
    {
        if (!parts.TryGetValue(name, out var list)) parts[name] = list = new List<Tensor>();
        list.Add(value.Contiguous());
    }
}
