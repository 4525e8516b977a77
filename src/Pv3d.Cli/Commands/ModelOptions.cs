using System.CommandLine;
using Pv3d.Checkpoints;
using Pv3d.Torch;

namespace Pv3d.Cli.Commands;

/// <summary>The generator options every application command shares: checkpoint, network, config, threads.</summary>
internal sealed class ModelOptions
{
    public Option<string?> Checkpoint { get; } = CliOptions.Checkpoint();
    public Option<string> Network { get; } = new("--network") { Description = "generator_ema (default) or generator", DefaultValueFactory = _ => GeneratorNetworks.Ema };
    public Option<string?> Config { get; } = new("--config") { Description = "Config file (official YAML or our JSON) for checkpoints that store none" };
    public Option<int?> Threads { get; } = CliOptions.Threads();

    public void AddTo(Command command)
    {
        foreach (var option in new Option[] { Checkpoint, Network, Config, Threads }) command.Options.Add(option);
    }

    /// <summary>Applies --threads and loads the generator (eval mode).</summary>
    public LoadedGenerator Load(ParseResult parse, string? overridePath = null)
    {
        CliOptions.ApplyThreads(parse, Threads);
        var path = overridePath ?? CliOptions.CheckpointOrBundled(parse, Checkpoint);
        return CheckpointLoader.LoadGenerator(path, parse.GetValue(Network)!, parse.GetValue(Config));
    }
}
