using System.CommandLine;
using Pv3d.Checkpoints;

namespace Pv3d.Cli.Commands;

/// <summary><c>pv3d init</c>: a randomly initialised generator checkpoint from a config.</summary>
public static class InitCommand
{
    public static Command Create()
    {
        var output = CliOptions.Out("Destination; .safetensors writes ours, anything else (.ckpt) the official torch.save layout");
        var config = new Option<string?>("--config") { Description = "Config file (official YAML or our JSON); default: the official configs/models/pv3d.yaml values" };
        var seed = new Option<long>("--seed") { Description = "Seed of the initial weights", DefaultValueFactory = _ => 0 };
        var command = new Command("init", "Write a randomly initialised generator (official initialisation) as a checkpoint");
        foreach (var option in new Option[] { output, config, seed }) command.Options.Add(option);
        command.SetAction(parse =>
        {
            var destination = parse.GetValue(output)!;
            var (written, model) = GeneratorInitializer.CreateFromConfigFile(destination, parse.GetValue(config), parse.GetValue(seed));
            Console.WriteLine($"wrote {destination} ({written}, {model.Generator.ImgResolution}x{model.Generator.ImgResolution}, seed {parse.GetValue(seed)})");
            return 0;
        });
        return command;
    }
}
