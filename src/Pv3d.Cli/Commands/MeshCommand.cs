using System.CommandLine;
using Pv3d.Applications.Generation;
using Pv3d.Applications.Inversion;
using Pv3d.Applications.Meshes;
using Pv3d.Rendering.Cameras;
using Pv3d.Torch;
using Spectre.Console;

namespace Pv3d.Cli.Commands;

/// <summary><c>pv3d mesh</c>: per-frame meshes of the density field (marching cubes), optionally a shaded-geometry video.</summary>
public static class MeshCommand
{
    public static Command Create()
    {
        var model = new ModelOptions();
        var latents = new Option<string?>("--latents") { Description = "latents.npz from pv3d invert or reconstruct (its ws; its per-frame motion and times when it has them)" };
        var seed = new Option<long?>("--seed") { Description = "A seed's appearance and motion codes instead of --latents (default 0)" };
        var frames = new Option<int?>("--frames") { Description = "Frames (time 0 to 1; default 16, or the latents' frame count)" };
        var output = CliOptions.Out("Output folder");
        var resolution = new Option<int>("--resolution") { Description = "Grid samples per side over [-0.5, 0.5]^3", DefaultValueFactory = _ => 128 };
        var threshold = new Option<double>("--threshold") { Description = "Iso-level of the raw density", DefaultValueFactory = _ => GeometryExtraction.OfficialThreshold };
        var format = new Option<MeshFormat>("--format") { Description = "ply, obj or mrc (the density grid for ChimeraX, as EG3D)", DefaultValueFactory = _ => MeshFormat.Ply };
        var border = new Option<int>("--border") { Description = "Samples on each side forced empty before marching (EG3D uses 30*N/256); 0 as PV3D", DefaultValueFactory = _ => 0 };
        var video = new Option<bool>("--video") { Description = "Also write geometry.mp4: the meshes Lambert-shaded along --camera" };
        var camera = new Option<string>("--camera") { Description = "Camera path of the video: frontal, yaw-sweep, orbit or a JSON camera file", DefaultValueFactory = _ => "yaw-sweep" };
        var videoSize = new Option<int>("--video-size") { Description = "Side of the video frames in pixels", DefaultValueFactory = _ => 256 };
        var psi = new Option<double>("--truncation-psi") { Description = "Truncation psi for --seed", DefaultValueFactory = _ => 1.0 };

        var command = new Command("mesh", "Meshes of the generated head per frame (marching cubes on the density, vertex colours from the decoder), and a shaded-geometry video");
        model.AddTo(command);
        foreach (var option in new Option[] { latents, seed, frames, output, resolution, threshold, format, border, video, camera, videoSize, psi })
            command.Options.Add(option);
        format.AcceptOnlyFromAmong("ply", "obj", "mrc", "Ply", "Obj", "Mrc");

        command.SetAction(parse =>
        {
            var latentsPath = parse.GetValue(latents);
            if (latentsPath is not null && parse.GetValue(seed) is not null) throw new Pv3dException("give either --latents or --seed, not both");
            using var codes = latentsPath is null ? null : Latents.Load(latentsPath);
            using var loaded = model.Load(parse, codes?.TunedGenerator);
            var generator = loaded.Generator;
            codes?.CheckFits(generator, latentsPath!);
            var options = new MeshSequenceOptions
            {
                Frames = parse.GetValue(frames) ?? codes?.Frames ?? 16,
                Resolution = parse.GetValue(resolution),
                Threshold = parse.GetValue(threshold),
                Format = parse.GetValue(format),
                BorderCells = parse.GetValue(border),
                Trajectory = parse.GetValue(video) ? CameraTrajectory.Parse(parse.GetValue(camera)!) : null,
                VideoSize = parse.GetValue(videoSize),
            };

            using var scope = TensorScope.Enter();
            Tensor ws, motion;
            float[]? times = null;
            if (codes is null)
            {
                var s = parse.GetValue(seed) ?? 0;
                if (s < 0) throw new Pv3dException($"--seed must not be negative, got {s}");
                using var noGrad = Autograd.NoGrad();
                var (z, zMotion) = SeededLatents.For(s, (int)generator.ZDim, (int)Latents.MotionDim(generator));
                ws = generator.Mapping(z, Camera.ToTensor(new[] { Camera.Canonical }), parse.GetValue(psi));
                motion = zMotion;
            }
            else
            {
                ws = codes.Ws;
                if (codes.ZMotionPlus is { } plus)
                {
                    if (parse.GetValue(frames) is int n && n != codes.Frames)
                        throw new Pv3dException($"{latentsPath}: holds {codes.Frames} frames of motion; --frames {n} does not match (leave it out)");
                    motion = plus;
                    times = codes.T?.ToArray<float>();
                }
                else motion = codes.ZMotion ?? Tensor.Zeros(1, Latents.MotionDim(generator));
            }

            IReadOnlyList<MeshFrame> written = Array.Empty<MeshFrame>();
            var outDir = parse.GetValue(output)!;
            AnsiConsole.Progress().AutoClear(false).Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new ElapsedTimeColumn())
                .Start(context =>
                {
                    var task = context.AddTask("meshes");
                    written = MeshSequence.Write(generator, ws, motion, times, options, outDir, new Progress(p =>
                    {
                        task.MaxValue = p.Total;
                        task.Value = p.Done;
                    }), CancelOnCtrlC.Token);
                });
            foreach (var f in written)
                Console.WriteLine($"{f.Path}: t = {f.Time:0.###}, {f.Vertices} vertices, {f.Triangles} triangles");
            if (written.All(f => f.Triangles == 0) && options.Format != MeshFormat.Mrc)
                Console.WriteLine($"note: no density above {options.Threshold} in the box; try a lower --threshold");
            if (options.Trajectory is not null) Console.WriteLine($"{Path.Combine(outDir, "geometry.mp4")}: shaded geometry, camera {options.Trajectory.Name}");
            return 0;
        });
        return command;
    }

    private sealed class Progress(Action<(int Done, int Total)> report) : IProgress<(int Done, int Total)>
    {
        public void Report((int Done, int Total) value) => report(value);
    }
}
