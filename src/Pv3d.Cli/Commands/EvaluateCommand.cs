using System.CommandLine;
using System.Text.Json;
using Pv3d.Applications.Evaluation;
using Pv3d.Applications.Generation;
using Pv3d.Checkpoints;
using Pv3d.Faces.Models;
using Pv3d.Metrics;
using Pv3d.Metrics.Fvd;
using Pv3d.Metrics.Fvd.I3d;
using Pv3d.Metrics.Identity;
using Pv3d.Metrics.MultiView;
using Pv3d.Rendering.Cameras;
using Pv3d.Torch;
using Spectre.Console;

namespace Pv3d.Cli.Commands;

/// <summary>
/// <c>pv3d evaluate fvd|id|cd|we|all</c>: the paper's metrics as the official scripts compute them
/// (src/Pv3d/Metrics). Thin: options, progress, Ctrl-C (keeps the videos done), printing and the JSON file.
/// </summary>
public static class EvaluateCommand
{
    public static Command Create()
    {
        var command = new Command("evaluate", "The paper's metrics as the official code computes them: FVD, ArcFace ID, CD (Chamfer distance), WE (warping error)");
        command.Subcommands.Add(Fvd());
        foreach (var (name, metrics, what) in new[]
                 {
                     ("id", MultiViewMetrics.ArcFaceIdentity, "Identity similarity across the 4 multi-view frames: ArcFace (IR-SE50, your model_ir_se50.pth; the paper's) or --net faceapi (built in)"),
                     ("cd", MultiViewMetrics.Chamfer, "Chamfer distance between the geometry seen from the front and the side"),
                     ("we", MultiViewMetrics.Warping, "Warping error of the side view warped into the front view"),
                 })
            command.Subcommands.Add(MultiView(name, metrics, what));
        command.Subcommands.Add(MultiView("all", MultiViewMetrics.Chamfer | MultiViewMetrics.Warping, "CD, WE, the face-api ID, and the ArcFace ID when its weights are found"));
        return command;
    }

    private static Option<string?> Json() => new("--json") { Description = "Also write the results to this JSON file" };
    private static Option<long> Seed() => new("--seed") { Description = "Seed of every random choice (same seed, same numbers)", DefaultValueFactory = _ => 0 };
    private static Option<int?> Threads() => new("--threads") { Description = "Intra-op threads for libtorch (default: all cores)" };

    private static Command Fvd()
    {
        var i3d = new Option<string?>("--i3d") { Description = $"I3D weights ({MetricWeights.I3d.FileName}; default {MetricWeights.I3d.DefaultPath})" };
        var real = new Option<string>("--real") { Description = "Real videos: a folder of .mp4 files, or statistics (the official .pkl or our .npz)", Required = true };
        var fake = new Option<string?>("--fake") { Description = "Generated videos: a folder of .mp4 files or statistics; or give --checkpoint" };
        var checkpoint = CliOptions.Checkpoint("Generate the videos with this generator by the official protocol");
        var cameras = new Option<string?>("--cameras") { Description = "Camera file (JSON [name, 25 numbers]) whose random runs of cameras drive the generated videos (default: the canonical camera)" };
        var data = new Option<string?>("--data") { Description = "Dataset folder (official layout) whose clips' cameras drive the generated videos, drawn as the official evaluation draws them" };
        var frames = new Option<int?>("--frames") { Description = $"Frames per generated video (default 16, the official; FVD reads 16 consecutive ones from a random start; at most {GeneratedVideoFvd.MaxFrames})" };
        var network = new Option<string>("--network") { Description = "generator_ema (default) or generator", DefaultValueFactory = _ => GeneratorNetworks.Ema };
        var config = new Option<string?>("--config") { Description = "Config for checkpoints that store none" };
        var numVideos = new Option<int>("--num-videos") { Description = "Videos per side (the official fvd_5k uses 5000)", DefaultValueFactory = _ => 5000 };
        var batch = new Option<int>("--batch-size") { Description = "Videos per I3D batch (memory only)", DefaultValueFactory = _ => 4 };
        var saveStats = new Option<string?>("--save-stats") { Description = "Write the generated side's statistics to this .npz" };
        var (json, seed, threads) = (Json(), Seed(), Threads());
        var command = new Command("fvd", "Fréchet video distance with VideoGPT's I3D, as the official fvd_5k");
        foreach (var o in new Option[] { i3d, real, fake, checkpoint, cameras, data, frames, network, config, numVideos, batch, saveStats, json, seed, threads })
            command.Options.Add(o);
        command.SetAction(parse =>
        {
            SetThreads(parse.GetValue(threads));
            var n = parse.GetValue(numVideos);
            if (n < 2) throw new Pv3dException($"--num-videos must be at least 2, got {n}");
            var fakeSource = parse.GetValue(fake);
            if (fakeSource is not null && parse.GetValue(checkpoint) is not null)
                throw new Pv3dException("give the generated videos with either --fake or --checkpoint, not both");
            var frameCount = parse.GetValue(frames) ?? FvdEvaluator.ClipFrames;
            var cameraFile = parse.GetValue(cameras);
            var dataFolder = parse.GetValue(data);
            if (fakeSource is not null && (cameraFile is not null || dataFolder is not null || parse.GetValue(frames) is not null))
                throw new Pv3dException("--cameras, --data and --frames describe generated videos: they do not apply to --fake");
            if (cameraFile is not null && dataFolder is not null) throw new Pv3dException("give either --cameras or --data, not both");
            if (fakeSource is null)
            {
                try { GeneratedVideoFvd.CheckFrames(frameCount); }
                catch (Pv3dException) { throw new Pv3dException($"--frames must be within {FvdEvaluator.ClipFrames}..{GeneratedVideoFvd.MaxFrames} (FVD reads {FvdEvaluator.ClipFrames} consecutive frames of each video), got {frameCount}"); }
            }
            var cameraSource = cameraFile is not null ? FvdCameras.FromFile(cameraFile) : dataFolder is not null ? FvdCameras.FromDataset(dataFolder) : null;
            cameraSource?.Check(frameCount);
            // Without --fake the videos are generated, by the bundled model unless --checkpoint names another.
            var ckpt = fakeSource is null ? CliOptions.CheckpointOrBundled(parse, checkpoint) : null;
            using var net = new InceptionI3d();
            var needsNetwork = !IsStats(parse.GetValue(real)!) || fakeSource is null || !IsStats(fakeSource);
            if (needsNetwork) MetricWeights.Load(net, MetricWeights.I3d, parse.GetValue(i3d), "i3d (--i3d)");
            var evaluator = new FvdEvaluator(net, parse.GetValue(batch));
            using var cancel = CancelOnCtrlC();
            var s = parse.GetValue(seed);
            var realStats = Stats("real", parse.GetValue(real)!, evaluator, n, s, cancel.Token);
            FeatureStats fakeStats;
            double? secondsPerVideo = null;
            if (ckpt is not null)
            {
                using var loaded = CheckpointLoader.LoadGenerator(ckpt, parse.GetValue(network)!, parse.GetValue(config));
                fakeStats = WithProgress("generated", p =>
                    GeneratedVideoFvd.Collect(evaluator, new GeneratorFrameRenderer(loaded.Generator), n, s, cameraSource, frameCount, p, cancel.Token));
                secondsPerVideo = evaluator.SecondsPerVideo;
            }
            else
                fakeStats = Stats("generated", fakeSource!, evaluator, n, s, cancel.Token);
            if (parse.GetValue(saveStats) is { } statsPath) fakeStats.Save(statsPath);
            var fvd = FvdEvaluator.Distance(fakeStats, realStats);
            Console.WriteLine($"fvd: {fvd:F4}");
            WriteJson(parse.GetValue(json), new()
            {
                ["fvd"] = fvd, ["real_items"] = realStats.NumItems, ["fake_items"] = fakeStats.NumItems,
                ["seconds_per_generated_video"] = secondsPerVideo, ["seed"] = s,
                ["generated_cameras"] = ckpt is null ? null : (cameraSource ?? FvdCameras.Canonical).Name,
                ["generated_frames"] = ckpt is null ? null : frameCount,
            });
            return 0;
        });
        return command;
    }

    private static bool IsStats(string path) => File.Exists(path) && !Directory.Exists(path);

    private static FeatureStats Stats(string what, string source, FvdEvaluator evaluator, int n, long seed, CancellationToken cancel) =>
        IsStats(source) ? FeatureStats.Load(source) : WithProgress(what, p => evaluator.FromFolder(source, n, seed, p, cancel));

    private static FeatureStats WithProgress(string what, Func<IProgress<FvdProgress>, FeatureStats> run)
    {
        FeatureStats? result = null;
        AnsiConsole.Progress().AutoClear(false)
            .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new ElapsedTimeColumn(), new RemainingTimeColumn())
            .Start(context =>
            {
                var task = context.AddTask(Markup.Escape($"{what} videos"));
                var estimate = new TimeEstimate($"fvd, {what} videos", "video");
                result = run(new SyncProgress<FvdProgress>(p =>
                {
                    task.MaxValue = p.Total;
                    task.Value = p.Done;
                    estimate.Report(p.Done, p.Total);
                }));
            });
        return result!;
    }

    private static Command MultiView(string name, MultiViewMetrics metrics, string description)
    {
        var checkpoint = CliOptions.Checkpoint();
        var network = new Option<string>("--network") { Description = "generator_ema (default) or generator", DefaultValueFactory = _ => GeneratorNetworks.Ema };
        var config = new Option<string?>("--config") { Description = "Config for checkpoints that store none" };
        var arcface = new Option<string?>("--arcface") { Description = $"ArcFace weights ({MetricWeights.ArcFace.FileName}; default {MetricWeights.ArcFace.DefaultPath})" };
        var numVideos = new Option<int>("--num-videos") { Description = "Videos (the paper uses 1000)", DefaultValueFactory = _ => 1000 };
        var idNet = new Option<string>("--net") { Description = "Identity network: arcface (IR-SE50, the paper's ID) or faceapi (our built-in 128-d face-api net, no download; a different number)", DefaultValueFactory = _ => "arcface" };
        idNet.AcceptOnlyFromAmong("arcface", "faceapi");
        var resolution = new Option<long?>("--rendering-resolution") { Description = "Neural rendering resolution (default: the checkpoint's; the official numbers use 64)" };
        var (json, seed, threads) = (Json(), Seed(), Threads());
        var command = new Command(name, description);
        foreach (var o in new Option[] { checkpoint, network, config, arcface, numVideos, resolution, json, seed, threads })
            command.Options.Add(o);
        if (name == "id") command.Options.Add(idNet);
        command.SetAction(parse =>
        {
            SetThreads(parse.GetValue(threads));
            // Resolved first: a missing bundled model should be reported before minutes of weight loading.
            var checkpointPath = CliOptions.CheckpointOrBundled(parse, checkpoint);
            var wanted = metrics;
            if (name == "id" && parse.GetValue(idNet) == "faceapi") wanted = MultiViewMetrics.FaceApiIdentity;
            string? faceApiMissing = null;
            if (name == "all")
            {
                try
                {
                    Pv3d.Faces.FaceModelFolder.Manifest(FaceRecognitionNet.ModelName);
                    wanted |= MultiViewMetrics.FaceApiIdentity;
                }
                catch (Pv3dException e)
                {
                    faceApiMissing = e.Message; // evaluate all still gives CD and WE
                }
            }
            using var arcFaceNet = new IrSe50();
            var arcPath = parse.GetValue(arcface);
            if (wanted.HasFlag(MultiViewMetrics.ArcFaceIdentity) || (name == "all" && (arcPath is not null || File.Exists(MetricWeights.ArcFace.DefaultPath))))
            {
                MetricWeights.Load(arcFaceNet, MetricWeights.ArcFace, arcPath, "arcface (--arcface; or --net faceapi for the built-in net)");
                wanted |= MultiViewMetrics.ArcFaceIdentity;
            }
            using var faceApiNet = wanted.HasFlag(MultiViewMetrics.FaceApiIdentity) ? FaceRecognitionNet.Load() : null;
            using var loaded = CheckpointLoader.LoadGenerator(checkpointPath, parse.GetValue(network)!, parse.GetValue(config));
            var evaluator = new MultiViewEvaluator(loaded.Generator, parse.GetValue(resolution), wanted.HasFlag(MultiViewMetrics.ArcFaceIdentity) ? arcFaceNet : null, faceApiNet);
            using var cancel = CancelOnCtrlC();
            MultiViewResult? r = null;
            var n = parse.GetValue(numVideos);
            AnsiConsole.Progress().AutoClear(false)
                .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new ElapsedTimeColumn(), new RemainingTimeColumn())
                .Start(context =>
                {
                    var task = context.AddTask("multi-view videos", maxValue: n);
                    var estimate = new TimeEstimate($"evaluate {name}", "video");
                    r = evaluator.Evaluate(n, parse.GetValue(seed), wanted, new SyncProgress<MultiViewProgress>(p =>
                    {
                        task.Value = p.Done;
                        estimate.Report(p.Done, p.Total);
                    }), cancel.Token);
                });
            if (r!.Interrupted) Console.WriteLine($"interrupted: scores over the {r.Videos} videos done");
            var results = new Dictionary<string, object?> { ["videos"] = r.Videos, ["seconds_per_video"] = r.SecondsPerVideo, ["seed"] = parse.GetValue(seed) };
            if (wanted.HasFlag(MultiViewMetrics.Chamfer))
            {
                Console.WriteLine($"cd: {Show(r.ChamferMean)}   (mean over {r.ChamferPairs - r.ChamferSkipped} pairs; {r.ChamferSkipped} NaN pairs skipped)");
                Console.WriteLine($"cd_official_sum: {Show(r.ChamferOfficialSum)}   (the official script's \"overall avg chamfer dist\", a sum over pairs and videos)");
                results["cd"] = r.ChamferMean;
                results["cd_official_sum"] = r.ChamferOfficialSum;
                results["cd_skipped_pairs"] = r.ChamferSkipped;
            }
            if (wanted.HasFlag(MultiViewMetrics.Warping))
            {
                Console.WriteLine($"we: {Show(r.WarpingMean)}   ({r.WarpingSkipped} NaN pairs skipped)");
                results["we"] = r.WarpingMean;
                results["we_skipped_pairs"] = r.WarpingSkipped;
            }
            if (wanted.HasFlag(MultiViewMetrics.ArcFaceIdentity))
            {
                Console.WriteLine($"id_arcface: {Show(r.ArcFaceId)}");
                results["id_arcface"] = r.ArcFaceId;
            }
            else if (name == "all")
                Console.WriteLine($"id_arcface: skipped ({MetricWeights.ArcFace.FileName} not found at {MetricWeights.ArcFace.DefaultPath}; give --arcface)");
            if (faceApiMissing is not null) Console.WriteLine($"id_faceapi: skipped ({faceApiMissing})");
            if (wanted.HasFlag(MultiViewMetrics.FaceApiIdentity))
            {
                Console.WriteLine($"id_faceapi: {Show(r.FaceApiId)}   (the ID protocol with the built-in face-api 128-d net; not the paper's ArcFace number)");
                results["id_faceapi"] = r.FaceApiId;
            }
            Console.WriteLine($"{r.SecondsPerVideo:F2} s per video");
            WriteJson(parse.GetValue(json), results);
            return 0;
        });
        return command;
    }

    private static string Show(double? v) => v is { } x ? x.ToString("G6", System.Globalization.CultureInfo.InvariantCulture) : "n/a";

    private static void SetThreads(int? threads)
    {
        if (threads is not int n) return;
        if (n < 1) throw new Pv3dException($"--threads must be at least 1, got {n}");
        TorchRuntime.NumThreads = n;
    }

    private static void WriteJson(string? path, Dictionary<string, object?> results)
    {
        if (path is null) return;
        var dir = Path.GetDirectoryName(Path.GetFullPath(path));
        if (dir is not null) Directory.CreateDirectory(dir);
        File.WriteAllText(path, JsonSerializer.Serialize(results, new JsonSerializerOptions { WriteIndented = true }));
    }

    private sealed class CancelScope : IDisposable
    {
        private readonly CancellationTokenSource _source = new();
        private readonly ConsoleCancelEventHandler _handler;

        public CancelScope()
        {
            _handler = (_, e) => { e.Cancel = true; _source.Cancel(); };
            Console.CancelKeyPress += _handler;
        }

        public CancellationToken Token => _source.Token;

        public void Dispose()
        {
            Console.CancelKeyPress -= _handler;
            _source.Dispose();
        }
    }

    private static CancelScope CancelOnCtrlC() => new();

    private sealed class SyncProgress<T>(Action<T> report) : IProgress<T>
    {
        public void Report(T value) => report(value);
    }
}
