using System.CommandLine;
using Pv3d.Faces;
using Pv3d.Torch;

namespace Pv3d.Cli.Commands;

/// <summary><c>pv3d align</c>: a raw photo to an aligned crop in the training framing plus its estimated camera.</summary>
public static class AlignCommand
{
    public static Command Create()
    {
        var image = new Option<string>("--image") { Description = "The photo (PNG, JPEG, or anything ffmpeg reads)", Required = true };
        var output = new Option<string>("--out") { Description = "Output folder", Required = true };
        var size = new Option<int>("--size") { Description = "Side of the aligned crop in pixels", DefaultValueFactory = _ => 512 };
        var threads = new Option<int?>("--threads") { Description = "Intra-op threads for libtorch (default: all cores)" };
        var command = new Command("align", "Find the face in a photo, align it like the training data and estimate its camera");
        foreach (var option in new Option[] { image, output, size, threads }) command.Options.Add(option);
        command.SetAction(parse =>
        {
            if (parse.GetValue(threads) is int n) TorchRuntime.NumThreads = n;
            var path = parse.GetValue(image)!;
            using var scope = TensorScope.Enter();
            if (!File.Exists(path)) throw new Pv3dException($"{path}: no such image file");
            var photo = FaceImage.Read(path);
            using var preparer = new FacePreparer();
            using var face = preparer.Prepare(photo, path, parse.GetValue(size));
            foreach (var note in face.Notes) Console.Error.WriteLine($"note: {note}");
            var written = FaceOutputs.Write(parse.GetValue(output)!, Path.GetFileNameWithoutExtension(path), photo, face);
            Console.WriteLine($"face {face.Face.Box.Width:0}x{face.Face.Box.Height:0} px (score {face.Face.Box.Score:0.00}); " +
                $"yaw {face.Camera.YawDegrees:0.0}°, pitch {face.Camera.PitchDegrees:0.0}° (landmark fit {face.Camera.RmsPixels:0.0} px rms)");
            Console.WriteLine($"wrote {written.Image}, {written.Camera}, {written.Landmarks}, {written.Preview}");
            return 0;
        });
        return command;
    }
}
