using System.CommandLine;
using Pv3d.Cli.Commands;

namespace Pv3d.Cli;

public static class Program
{
    public static int Main(string[] args)
    {
        var root = new RootCommand("pv3d: PV3D, the 3D-aware portrait video GAN, in .NET") { HelpName = "pv3d" };
        root.Subcommands.Add(InfoCommand.Create());
        root.Subcommands.Add(ForwardCommand.Create());
        root.Subcommands.Add(ConvertCommand.Create());
        root.Subcommands.Add(InitCommand.Create());
        root.Subcommands.Add(GenerateCommand.Create());
        root.Subcommands.Add(DatasetCommand.Create());
        root.Subcommands.Add(TrainCommand.Create());
        root.Subcommands.Add(InvertCommand.Create());
        root.Subcommands.Add(AnimateCommand.Create());
        root.Subcommands.Add(ReconstructCommand.Create());
        root.Subcommands.Add(EditCommand.Create());
        root.Subcommands.Add(RetargetCommand.Create());
        root.Subcommands.Add(MeshCommand.Create());
        root.Subcommands.Add(EvaluateCommand.Create());
        root.Subcommands.Add(AlignCommand.Create());
        return CliRunner.Invoke(root, args);
    }
}
