using System.CommandLine;
using Pv3d.Checkpoints;

namespace Pv3d.Cli.Commands;

/// <summary><c>pv3d convert</c>: between official-layout .ckpt files and our safetensors files.</summary>
public static class ConvertCommand
{
    public static Command Create()
    {
        var input = new Option<string>("--checkpoint") { Description = "Source: official .ckpt, bare state dict (with --config) or our .safetensors", Required = true };
        var output = CliOptions.Out("Destination; .safetensors writes ours, anything else (.ckpt) the official torch.save layout");
        var network = new Option<string>("--network") { Description = "generator_ema (default) or generator", DefaultValueFactory = _ => GeneratorNetworks.Ema };
        var config = new Option<string?>("--config") { Description = "Config file (official YAML or our JSON) for sources that store none" }
            .Sets(CheckpointLoader.ConfigSetting);
        var command = new Command("convert", "Convert a generator checkpoint between the official .ckpt layout and our safetensors format");
        foreach (var option in new Option[] { input, output, network, config }) command.Options.Add(option);
        command.SetAction(parse =>
        {
            var destination = parse.GetValue(output)!;
            var written = CheckpointConverter.Convert(parse.GetValue(input)!, destination, parse.GetValue(network)!, parse.GetValue(config));
            Console.WriteLine($"wrote {destination} ({written})");
            return 0;
        });
        return command;
    }
}
