using System.CommandLine;
using Pv3d.Applications.Editing;
using Pv3d.Applications.Inversion;
using Pv3d.Video;

namespace Pv3d.Cli.Commands;

/// <summary><c>pv3d retarget</c>: one reconstruction's motion on another's appearance.</summary>
public static class RetargetCommand
{
    public static Command Create()
    {
        var model = new ModelOptions();
        var source = new Option<string>("--source") { Description = "latents.npz of the reconstruction whose motion (z_m+, times, cameras) is used", Required = true };
        var target = new Option<string>("--target") { Description = "latents.npz whose appearance (ws) is used", Required = true };
        var output = CliOptions.Out("Output folder");
        var fps = new Option<double>("--fps") { Description = "Frames per second", DefaultValueFactory = _ => VideoWriter.DefaultFps };
        var command = new Command("retarget", "Motion retargeting: the source's motion and camera path on the target's appearance, and from novel views");
        model.AddTo(command);
        foreach (var option in new Option[] { source, target, output, fps }) command.Options.Add(option);
        command.SetAction(parse =>
        {
            var sourcePath = parse.GetValue(source)!;
            var targetPath = parse.GetValue(target)!;
            using var a = Latents.Load(sourcePath);
            using var b = Latents.Load(targetPath);
            using var loaded = model.Load(parse, b.TunedGenerator);
            a.CheckFits(loaded.Generator, sourcePath);
            b.CheckFits(loaded.Generator, targetPath);
            var written = MotionEditing.Retarget(loaded.Generator, a, b, sourcePath, parse.GetValue(output)!, parse.GetValue(fps), CancelOnCtrlC.Token);
            EditCommand.Print(written);
            return 0;
        });
        return command;
    }
}
