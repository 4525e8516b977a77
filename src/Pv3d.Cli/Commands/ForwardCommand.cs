using System.CommandLine;
using Pv3d.Applications.Forward;
using Pv3d.Checkpoints;

namespace Pv3d.Cli.Commands;

/// <summary><c>pv3d forward</c>: run a generator checkpoint on arrays from an NPZ file and write its outputs.</summary>
public static class ForwardCommand
{
    public static Command Create()
    {
        var checkpoint = CliOptions.Checkpoint();
        var inputs = new Option<string>("--inputs") { Description = "NPZ with z [N,512], z_motion [N,512], t [N,1], c [N,25]; optional c_mapping [N,25], coordinates [N,P,3], image [N,3,R,R] and image_raw [N,3,r,r] (discriminator inputs)", Required = true };
        var output = CliOptions.Out("NPZ to write: ws, planes, image_raw, image, image_depth (+ sigma, rgb with coordinates; + logits_img, logits_vid when the inputs hold image and image_raw)")
            .Sets(nameof(ForwardOptions.OutputPath));
        var resolution = new Option<long?>("--rendering-resolution") { Description = "Neural rendering resolution (default: the checkpoint's training.rendering_resolution)" };
        var deterministic = new Option<bool>("--deterministic") { Description = "Fixed ray sample depths (no jitter; importance samples at u = linspace(0, 1))" };
        var psi = new Option<double>("--truncation-psi") { Description = "Truncation psi (1 = none)", DefaultValueFactory = _ => 1.0 };
        var cutoff = new Option<int?>("--truncation-cutoff") { Description = "Truncate only the first K ws (default: all)" };
        var network = new Option<string>("--network") { Description = "generator_ema (default) or generator", DefaultValueFactory = _ => GeneratorNetworks.Ema };
        var config = new Option<string?>("--config") { Description = "Config file (official YAML or our JSON) for checkpoints that store none; overrides a stored config" }
            .Sets(nameof(ForwardOptions.ConfigPath));
        var threads = CliOptions.Threads();
        var seed = new Option<long>("--seed") { Description = "Seed for stochastic ray sampling", DefaultValueFactory = _ => 0 };
        var batch = new Option<int>("--batch-size") { Description = "Rows run together (memory only; results do not depend on it)", DefaultValueFactory = _ => 4 };

        var command = new Command("forward", "Run the generator on the arrays of an NPZ file (inputs as the official forward takes them) and write its outputs");
        foreach (var option in new Option[] { checkpoint, inputs, output, resolution, deterministic, psi, cutoff, network, config, threads, seed, batch })
            command.Options.Add(option);
        command.SetAction(parse =>
        {
            CliOptions.ApplyThreads(parse, threads);
            var summary = ForwardRunner.Run(new ForwardOptions
            {
                CheckpointPath = CliOptions.CheckpointOrBundled(parse, checkpoint),
                InputsPath = parse.GetValue(inputs)!,
                OutputPath = parse.GetValue(output)!,
                RenderingResolution = parse.GetValue(resolution),
                Deterministic = parse.GetValue(deterministic),
                TruncationPsi = parse.GetValue(psi),
                TruncationCutoff = parse.GetValue(cutoff),
                Network = parse.GetValue(network)!,
                ConfigPath = parse.GetValue(config),
                Seed = parse.GetValue(seed),
                BatchSize = parse.GetValue(batch),
            });
            foreach (var note in summary.Notes) Console.Error.WriteLine($"note: {note}");
            Console.WriteLine($"{summary.Count} row(s) at rendering resolution {summary.RenderingResolution} → {parse.GetValue(output)}");
            foreach (var (name, shape) in summary.Outputs) Console.WriteLine($"  {name} [{string.Join(", ", shape)}]");
            return 0;
        });
        return command;
    }
}
