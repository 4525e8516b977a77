using System.CommandLine;
using Pv3d.Applications.Editing;
using Pv3d.Applications.Inversion;
using Pv3d.Video;

namespace Pv3d.Cli.Commands;

/// <summary><c>pv3d edit</c>: a reconstruction's person and cameras with a new motion.</summary>
public static class EditCommand
{
    public static Command Create()
    {
        var model = new ModelOptions();
        var latents = new Option<string>("--latents") { Description = "latents.npz of pv3d reconstruct (or invert)", Required = true };
        var motionSeed = new Option<long>("--motion-seed") { Description = "Seed of the new motion code (drawn as pv3d generate draws it)", Required = true };
        var output = CliOptions.Out("Output folder");
        var fps = new Option<double>("--fps") { Description = "Frames per second", DefaultValueFactory = _ => VideoWriter.DefaultFps };
        var command = new Command("edit", "Motion editing: the same person and cameras with a new motion code");
        model.AddTo(command);
        foreach (var option in new Option[] { latents, motionSeed, output, fps }) command.Options.Add(option);
        command.SetAction(parse =>
        {
            var path = parse.GetValue(latents)!;
            using var codes = Latents.Load(path);
            using var loaded = model.Load(parse, codes.TunedGenerator);
            codes.CheckFits(loaded.Generator, path);
            var written = MotionEditing.Edit(loaded.Generator, codes, parse.GetValue(motionSeed), parse.GetValue(output)!, parse.GetValue(fps), CancelOnCtrlC.Token);
            Print(written);
            return 0;
        });
        return command;
    }

    internal static void Print(MotionOutputs written)
    {
        foreach (var p in new[] { written.VideoPath, written.GifPath, written.MultiViewPath, written.LatentsPath }) Console.WriteLine($"wrote {p}");
        Console.WriteLine($"{written.Frames} frames");
    }
}
