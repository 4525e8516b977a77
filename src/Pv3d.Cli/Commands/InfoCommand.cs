using System.CommandLine;
using Pv3d.Checkpoints;
using Pv3d.Torch;
using Spectre.Console;

namespace Pv3d.Cli.Commands;

/// <summary><c>pv3d info</c>: the tensor engine this build runs on, and the bundled model.</summary>
public static class InfoCommand
{
    public static Command Create()
    {
        var threads = CliOptions.Threads();
        var command = new Command("info", "Show libtorch version, threads, BLAS, devices and the bundled model");
        command.Options.Add(threads);
        command.SetAction(parse =>
        {
            CliOptions.ApplyThreads(parse, threads);
            var table = new Table().AddColumn("what").AddColumn("value");
            table.AddRow("pv3d", Markup.Escape(typeof(InfoCommand).Assembly.GetName().Version?.ToString(3) ?? "?"));
            table.AddRow("libtorch", Markup.Escape(TorchRuntime.Version));
            table.AddRow("threads", TorchRuntime.NumThreads.ToString());
            table.AddRow("cores", Environment.ProcessorCount.ToString());
            table.AddRow("BLAS", Markup.Escape(TorchRuntime.BlasLibrary));
            var cuda = TorchRuntime.CudaDeviceCount;
            table.AddRow("devices", Markup.Escape(cuda > 0 ? $"cpu, {cuda} CUDA device(s)" : "cpu (this libtorch has no CUDA)"));
            table.AddRow("bundled model", Markup.Escape(BundledModelLine()));
            AnsiConsole.Write(table);
            return 0;
        });
        return command;
    }

    /// <summary>The default generator's name, resolution, size and path; or why it cannot be used (info itself never fails on it).</summary>
    private static string BundledModelLine()
    {
        try
        {
            var path = BundledModel.Resolve();
            return $"{BundledModel.Describe(path)} ({path})";
        }
        catch (Pv3dException e)
        {
            return $"unusable: {e.Message}";
        }
    }
}
