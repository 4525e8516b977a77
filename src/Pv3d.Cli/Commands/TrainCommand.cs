using System.CommandLine;
using System.Runtime.InteropServices;
using System.CommandLine.Parsing;
using Pv3d.Checkpoints;
using Pv3d.Distributed;
using Pv3d.Training.Loop;
using Spectre.Console;

namespace Pv3d.Cli.Commands;

/// <summary><c>pv3d train</c>: trains PV3D on a dataset in the official layout (thin wrapper over <see cref="Trainer"/>).</summary>
public static class TrainCommand
{
    /// <summary>Interrupts closer together than this are one interrupt delivered twice.</summary>
    private static readonly TimeSpan DuplicateSignalWindow = TimeSpan.FromSeconds(2);

    /// <summary>The longest time budget (a year): longer ones are a typo, and TimeSpan cannot hold much more.</summary>
    private const double MaxMinutes = 366 * 24 * 60;

    public static Command Create()
    {
        var data = new Option<string>("--data") { Description = "Dataset folder (voxceleb.list, recrop_faces/, smoothed_camera2world/)", Required = true }
            .Sets(nameof(TrainerOptions.DataDir));
        var output = CliOptions.Out("Run folder: log.jsonl and checkpoints/").Sets(nameof(TrainerOptions.RunDir));
        var preset = new Option<string>("--preset") { Description = $"Starting configuration: {string.Join(", ", TrainingPresets.Names)}", DefaultValueFactory = _ => "tiny" }
            .Sets(nameof(TrainerOptions.Setup));
        var config = new Option<string?>("--config") { Description = "Official-layout config (YAML or JSON) overriding the preset" }
            .Sets(nameof(TrainerOptions.Setup));
        var steps = new Option<long?>("--steps") { Description = "Train until this many updates are done in total" };
        var kimg = new Option<double?>("--kimg") { Description = "Train until this many thousand real videos are seen in total" };
        var minutes = new Option<double?>("--minutes") { Description = "Stop after this many minutes of wall-clock time (finish the update, save a checkpoint); alone or with --steps/--kimg" };
        var resume = new Option<bool>("--resume") { Description = "Continue from the newest checkpoint of the run folder" };
        var overwrite = new Option<bool>("--overwrite") { Description = "Start afresh in a run folder that holds a run, moving the old run into RUN/previous-TIME/" }
            .Sets(nameof(TrainerOptions.Overwrite));
        var stopOnNan = new Option<bool>("--stop-on-nan") { Description = "On a non-finite loss, save the state before that update (kept in memory every update) as a checkpoint, then stop; without it the run stops saving nothing" }
            .Sets(nameof(TrainerOptions.StopOnNan));
        var init = new Option<string?>("--init") { Description = "Initialise the generator (and discriminators, when present) from a checkpoint" }
            .Sets(nameof(TrainerOptions.InitCheckpoint));
        var seed = new Option<long>("--seed") { Description = "Seed of every random draw of the run", DefaultValueFactory = _ => 0 };
        var checkpointEvery = new Option<long>("--checkpoint-every") { Description = "Save a checkpoint every N updates (and always at the end and on Ctrl-C)", DefaultValueFactory = _ => 1000 };
        var keepCheckpoints = new Option<int>("--keep-checkpoints") { Description = "Keep only the N newest checkpoints, deleting older ones after each save (0: keep all)", DefaultValueFactory = _ => 0 };
        var sampleEvery = new Option<long>("--sample-every") { Description = "Write a PNG grid of G_ema samples (fixed seeds, views x times) to samples/ every N updates (0: never)", DefaultValueFactory = _ => 500 };
        var threads = CliOptions.Threads();
        var rounds = new Option<int>("--rounds") { Description = "Process each process's share of a batch in N rounds, accumulating gradients (official batch_gpu = batch / (processes x rounds))", DefaultValueFactory = _ => 1 };
        var nproc = new Option<int>("--nproc") { Description = "Data-parallel training: start N worker processes on this machine (torchrun --nproc_per_node)", DefaultValueFactory = _ => 1 }
            .Sets(nameof(LaunchOptions.ProcessesPerNode));
        var nnodes = new Option<int>("--nnodes") { Description = "Machines taking part in a data-parallel run (start pv3d train --nproc N on each)", DefaultValueFactory = _ => 1 }
            .Sets(nameof(LaunchOptions.Nodes));
        var nodeRank = new Option<int>("--node-rank") { Description = "This machine's index among --nnodes (0 serves the rendezvous)", DefaultValueFactory = _ => 0 };
        var masterAddr = new Option<string>("--master-addr") { Description = "Address of machine 0 for the rendezvous (MASTER_ADDR)", DefaultValueFactory = _ => "127.0.0.1" }
            .Sets(nameof(LaunchOptions.MasterAddress), nameof(DistributedOptions.MasterAddress));
        var masterPort = new Option<int>("--master-port") { Description = "Rendezvous port on machine 0 (MASTER_PORT; default: a free port on one machine, 29500 on several)", DefaultValueFactory = _ => 0 }
            .Sets(nameof(LaunchOptions.MasterPort), nameof(DistributedOptions.MasterPort));
        var distTimeout = new Option<double>("--dist-timeout") { Description = "Seconds after which a data-parallel run gives up on a rank that died or hangs", DefaultValueFactory = _ => 300 }
            .Sets(nameof(DistributedOptions.Timeout));
        var command = new Command("train", "Train PV3D: G, G_ema, image and video discriminators, with a JSONL log and atomic, resumable checkpoints");
        foreach (var option in new Option[] { data, output, preset, config, steps, kimg, minutes, resume, overwrite, stopOnNan, init, seed, checkpointEvery, keepCheckpoints, sampleEvery, threads,
                     rounds, nproc, nnodes, nodeRank, masterAddr, masterPort, distTimeout })
            command.Options.Add(option);
        command.SetAction(parse =>
        {
            var launcherOptions = new Option[] { nproc, nnodes, nodeRank, masterAddr, masterPort };
            var distributedTimeout = parse.GetValue(distTimeout) is var seconds && seconds > 0 && seconds <= 86400
                ? TimeSpan.FromSeconds(seconds)
                : throw new Pv3dException($"--dist-timeout must be within 0..86400 seconds, got {parse.GetValue(distTimeout)}");
            var worker = DistributedOptions.FromEnvironment(timeout: distributedTimeout);
            if (worker is null && (parse.GetValue(nproc) != 1 || parse.GetValue(nnodes) != 1))
                return Launch(parse, launcherOptions, parse.GetValue(nproc), parse.GetValue(nnodes), parse.GetValue(nodeRank),
                    parse.GetValue(masterAddr)!, parse.GetValue(masterPort));
            var setup = TrainingPresets.Get(parse.GetValue(preset)!);
            if (parse.GetValue(config) is { } configPath) setup = TrainingPresets.Override(setup, configPath);
            if (parse.GetValue(config) is { } checkedConfig)
                foreach (var warning in Pv3d.Config.ConfigKeyCheck.UnknownKeys(checkedConfig)) Console.Error.WriteLine($"warning: {warning}");
            var budget = parse.GetValue(minutes);
            if (budget is { } b && !(b > 0 && b <= MaxMinutes)) throw new Pv3dException($"--minutes must be within 0..{MaxMinutes} (a year), got {b}");
            var total = Total(parse.GetValue(steps), parse.GetValue(kimg), setup.BatchSize, budget is not null);
            CliOptions.ApplyThreads(parse, threads);
            if (parse.GetValue(seed) < 0) throw new Pv3dException($"--seed must not be negative, got {parse.GetValue(seed)}");
            var options = new TrainerOptions
            {
                DataDir = parse.GetValue(data)!,
                RunDir = parse.GetValue(output)!,
                Setup = setup,
                TotalUpdates = total,
                Seed = (ulong)parse.GetValue(seed),
                CheckpointEvery = parse.GetValue(checkpointEvery),
                KeepCheckpoints = parse.GetValue(keepCheckpoints),
                SampleEvery = parse.GetValue(sampleEvery),
                Resume = parse.GetValue(resume),
                Overwrite = parse.GetValue(overwrite),
                StopOnNan = parse.GetValue(stopOnNan),
                InitCheckpoint = parse.GetValue(init),
                Rounds = parse.GetValue(rounds),
            };
            return Run(options, budget is { } m ? TimeSpan.FromMinutes(m) : null, worker);
        });
        return command;
    }

    /// <summary>
    /// The launcher: this machine's workers run this same command line (without the launcher's flags) as
    /// <c>dotnet Pv3d.Cli.dll train ...</c>, each told its rank through torchrun's environment variables.
    /// </summary>
    private static int Launch(ParseResult parse, Option[] launcherOptions, int processes, int nodes, int nodeRank, string masterAddress, int masterPort)
    {
        var skip = launcherOptions.SelectMany(o => o.Aliases.Append(o.Name)).ToHashSet();
        var arguments = new List<string>();
        var tokens = parse.Tokens;
        for (var i = 0; i < tokens.Count; i++)
        {
            if (tokens[i].Type == TokenType.Option && skip.Contains(tokens[i].Value))
            {
                while (i + 1 < tokens.Count && tokens[i + 1].Type == TokenType.Argument) i++;
                continue;
            }
            arguments.Add(tokens[i].Value);
        }
        var cli = typeof(TrainCommand).Assembly.Location;
        var dotnet = Path.GetFileNameWithoutExtension(Environment.ProcessPath) == "dotnet" ? Environment.ProcessPath! : "dotnet";
        var options = new LaunchOptions
        {
            Executable = dotnet,
            Arguments = [cli, .. arguments],
            ProcessesPerNode = processes,
            Nodes = nodes,
            NodeRank = nodeRank,
            MasterAddress = masterAddress,
            MasterPort = masterPort == 0 && nodes > 1 ? 29500 : masterPort,
        };
        var code = WorkerLauncher.Run(options, line => Console.Error.WriteLine(line));
        if (code != 0) Console.Error.WriteLine($"error: the data-parallel run failed ({WorkerLauncher.Describe(code)} first; see the workers' messages above)");
        return code == 0 ? 0 : code;
    }

    private static long Total(long? steps, double? kimg, int batchSize, bool timeBudget)
    {
        if (steps is not null && kimg is not null) throw new Pv3dException("give either --steps or --kimg, not both");
        if (steps is { } s) return s > 0 ? s : throw new Pv3dException($"--steps must be positive, got {s}");
        if (kimg is { } k) return k > 0 ? (long)Math.Ceiling(k * 1000 / batchSize) : throw new Pv3dException($"--kimg must be positive, got {k}");
        if (timeBudget) return long.MaxValue;
        throw new Pv3dException("give the length of the run: --steps N, --kimg K or --minutes M");
    }

    private static int Run(TrainerOptions options, TimeSpan? budget, DistributedOptions? worker)
    {
        using var session = worker is null ? null : DistributedSession.Init(worker);
        using var cancel = new CancellationTokenSource();
        using var timeUp = new CancellationTokenSource();
        if (budget is { } b) timeUp.CancelAfter(b);
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancel.Token, timeUp.Token);
        var clock = System.Diagnostics.Stopwatch.StartNew();
        var firstInterrupt = DateTime.MinValue;
        ConsoleCancelEventHandler onCancel = (_, e) =>
        {
            // The first Ctrl-C finishes the update in progress, saves and exits; a second one kills. A repeat within
            // a moment is the same interrupt delivered twice (`timeout` signals its child and then the child's
            // process group), not a second request.
            if (!cancel.IsCancellationRequested)
            {
                e.Cancel = true;
                firstInterrupt = DateTime.UtcNow;
                cancel.Cancel();
                Console.Error.WriteLine("interrupt: finishing the update in progress, then saving a checkpoint (interrupt again to quit without saving)");
            }
            else if (DateTime.UtcNow - firstInterrupt <= DuplicateSignalWindow)
            {
                e.Cancel = true;
            }
        };
        Console.CancelKeyPress += onCancel;
        // A polite kill (SIGTERM, e.g. from a job scheduler) stops the same way: no work since the last checkpoint is lost.
        using var onTerminate = PosixSignalRegistration.Create(PosixSignal.SIGTERM, context =>
        {
            context.Cancel = true;
            cancel.Cancel();
        });
        try
        {
            // Printed as they happen (above the live bar), so a long run shows where its checkpoints are.
            static void Say(string line) => AnsiConsole.MarkupLine(Markup.Escape(line));
            // Redirected to a file, lines (paths) must stay whole rather than wrap at Spectre's default 80 columns.
            if (Console.IsOutputRedirected) AnsiConsole.Profile.Width = 1024;
            TrainingProgress? final = null;
            if (session is { IsMain: false })
            {
                // Ranks other than 0 train silently: rank 0 shows the progress and writes everything.
                final = new Trainer(options) { Session = session }.Run(stop.Token);
                return 0;
            }
            CliProgress.Run(context =>
            {
                // With only a time budget the bar measures time; otherwise updates.
                var byTime = options.TotalUpdates == long.MaxValue;
                var task = context.AddTask("training", maxValue: byTime ? budget!.Value.TotalSeconds : options.TotalUpdates);
                var trainer = new Trainer(options)
                {
                    Session = session,
                    Notice = Say,
                    CheckpointSaved = Say,
                    SampleSaved = Say,
                    StepDone = (s, seconds, memory) =>
                    {
                        task.Value = byTime ? Math.Min(clock.Elapsed.TotalSeconds, task.MaxValue) : s.Update + 1;
                        task.Description = Markup.Escape(Describe(s, seconds, memory));
                    },
                };
                final = trainer.Run(stop.Token);
                if (trainer.Averager is { Calls: > 0 } averager && final.NumUpdates > 0)
                    Say(FormattableString.Invariant(
                        $"data-parallel: {session!.WorldSize} processes; all-reduced {averager.BytesReduced / 1e6:F1} MB in {averager.Calls} calls this session"));
            });
            var p = final!;
            var logPath = Path.Combine(options.RunDir, TrainingLog.FileName);
            Console.WriteLine(cancel.IsCancellationRequested
                ? $"interrupted at update {p.NumUpdates}; continue with --resume"
                : timeUp.IsCancellationRequested && p.NumUpdates < options.TotalUpdates
                    ? $"time budget of {budget!.Value.TotalMinutes:0.##} minutes reached: {p.NumUpdates} updates, {p.NumSamples} real videos seen; log in {logPath}; continue with --resume"
                    : $"done: {p.NumUpdates} updates, {p.NumSamples} real videos seen; log in {logPath}");
            return 0;
        }
        finally
        {
            Console.CancelKeyPress -= onCancel;
        }
    }

    private static string Describe(StepResult s, double seconds, MemoryUse memory)
    {
        var text = FormattableString.Invariant($"u {s.Update} G {s.GeneratorMain:F3} D {s.DiscriminatorMain:F3}");
        if (s.GeneratorReg is { } gr) text += FormattableString.Invariant($" Greg {gr:F4}");
        if (s.DiscriminatorReg is { } dr) text += FormattableString.Invariant($" Dreg {dr:F4}");
        return text + FormattableString.Invariant($" R {s.RenderingResolution} {seconds:F2}s/it {memory.ResidentGiB:F2} GB");
    }
}
