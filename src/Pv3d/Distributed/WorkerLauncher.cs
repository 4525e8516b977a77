using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace Pv3d.Distributed;

/// <summary>
/// torchrun for our own command line: starts this machine's workers with torchrun's environment variables
/// (<c>RANK</c>, <c>LOCAL_RANK</c>, <c>WORLD_SIZE</c>, <c>LOCAL_WORLD_SIZE</c>, <c>MASTER_ADDR</c>, <c>MASTER_PORT</c>),
/// and a share of the cores each (<c>PV3D_THREADS</c>, unless set), waits for them and reports how each ended.
/// Worker 0 of the machine keeps the console; the others' output is forwarded line by line with a
/// <c>[rank R]</c> prefix. When a worker fails, the others are given <see cref="LaunchOptions.StopGrace"/> to notice
/// and stop (they name the rank in their own message), then killed. An interrupt (Ctrl-C) reaches the workers
/// directly from the terminal; SIGTERM to the launcher is passed on to them. Either way they save and stop together.
/// </summary>
public static class WorkerLauncher
{
    /// <summary>Runs the workers to the end; returns 0 when all succeeded, else the first failed worker's exit code.</summary>
    public static int Run(LaunchOptions options, Action<string> say)
    {
        options.Validate();
        var port = options.MasterPort != 0 ? options.MasterPort : FreePort();
        var threads = Environment.GetEnvironmentVariable("PV3D_THREADS") is { Length: > 0 } set
            ? set
            : Math.Max(1, Environment.ProcessorCount / options.ProcessesPerNode).ToString(System.Globalization.CultureInfo.InvariantCulture);
        var workers = new List<Worker>();
        using var terminate = System.Runtime.InteropServices.PosixSignalRegistration.Create(System.Runtime.InteropServices.PosixSignal.SIGTERM, context =>
        {
            context.Cancel = true;
            lock (workers)
                foreach (var w in workers.Where(w => !w.Process.HasExited)) Signal(w.Process.Id, "TERM");
        });
        // The terminal's Ctrl-C reaches the workers too: the launcher stays to collect them.
        ConsoleCancelEventHandler onCancel = (_, e) => e.Cancel = true;
        Console.CancelKeyPress += onCancel;
        try
        {
            for (var local = 0; local < options.ProcessesPerNode; local++)
            {
                var rank = options.NodeRank * options.ProcessesPerNode + local;
                var info = new ProcessStartInfo(options.Executable) { UseShellExecute = false };
                foreach (var a in options.Arguments) info.ArgumentList.Add(a);
                info.Environment[DistributedOptions.RankVariable] = rank.ToString(System.Globalization.CultureInfo.InvariantCulture);
                info.Environment[DistributedOptions.LocalRankVariable] = local.ToString(System.Globalization.CultureInfo.InvariantCulture);
                info.Environment[DistributedOptions.WorldSizeVariable] = options.WorldSize.ToString(System.Globalization.CultureInfo.InvariantCulture);
                info.Environment["LOCAL_WORLD_SIZE"] = options.ProcessesPerNode.ToString(System.Globalization.CultureInfo.InvariantCulture);
                info.Environment[DistributedOptions.MasterAddressVariable] = options.MasterAddress;
                info.Environment[DistributedOptions.MasterPortVariable] = port.ToString(System.Globalization.CultureInfo.InvariantCulture);
                info.Environment["PV3D_THREADS"] = threads;
                var quiet = local != 0;
                info.RedirectStandardOutput = quiet;
                info.RedirectStandardError = quiet;
                var process = Process.Start(info) ?? throw new Pv3dException($"could not start worker rank {rank}: {options.Executable}");
                var worker = new Worker(rank, process);
                if (quiet)
                {
                    process.OutputDataReceived += (_, e) => { if (e.Data is { } line) Console.Error.WriteLine($"[rank {rank}] {line}"); };
                    process.ErrorDataReceived += (_, e) => { if (e.Data is { } line) Console.Error.WriteLine($"[rank {rank}] {line}"); };
                    process.BeginOutputReadLine();
                    process.BeginErrorReadLine();
                }
                lock (workers) workers.Add(worker);
            }
            say($"started {options.ProcessesPerNode} worker(s), ranks {options.NodeRank * options.ProcessesPerNode}..{(options.NodeRank + 1) * options.ProcessesPerNode - 1} of {options.WorldSize}, rendezvous {options.MasterAddress}:{port}, {threads} thread(s) each");
            return Supervise(workers, options.StopGrace, say);
        }
        finally
        {
            Console.CancelKeyPress -= onCancel;
            foreach (var w in workers)
            {
                if (!w.Process.HasExited) w.Process.Kill(entireProcessTree: true);
                w.Process.WaitForExit();
                w.Process.Dispose();
            }
        }
    }

    private sealed record Worker(int Rank, Process Process);

    private static int Supervise(List<Worker> workers, TimeSpan grace, Action<string> say)
    {
        int? failure = null;
        Stopwatch? sinceFailure = null;
        var reported = new HashSet<int>();
        while (true)
        {
            foreach (var w in workers.Where(w => w.Process.HasExited && reported.Add(w.Rank)))
            {
                w.Process.WaitForExit(); // flushes the forwarded output
                var code = w.Process.ExitCode;
                if (code == 0) continue;
                say($"worker rank {w.Rank} (pid {w.Process.Id}) {Describe(code)}");
                if (failure is null)
                {
                    failure = code;
                    sinceFailure = Stopwatch.StartNew();
                }
            }
            if (reported.Count == workers.Count) return failure ?? 0;
            if (sinceFailure is { } t && t.Elapsed > grace)
            {
                foreach (var w in workers.Where(w => !w.Process.HasExited))
                {
                    say($"worker rank {w.Rank} (pid {w.Process.Id}) did not stop within {grace.TotalSeconds:0} s of the failure: killing it");
                    w.Process.Kill(entireProcessTree: true);
                }
            }
            Thread.Sleep(100);
        }
    }

    /// <summary>"exited with code 2", or "was killed by signal 9 (SIGKILL)" for .NET's 128 + signal convention.</summary>
    public static string Describe(int exitCode) => exitCode switch
    {
        137 => "was killed by signal 9 (SIGKILL)",
        143 => "was stopped by signal 15 (SIGTERM)",
        130 => "was stopped by signal 2 (SIGINT)",
        134 => "aborted (signal 6, SIGABRT)",
        139 => "crashed (signal 11, SIGSEGV)",
        _ => $"exited with code {exitCode}",
    };

    private static void Signal(int pid, string signal)
    {
        try
        {
            using var kill = Process.Start("kill", [$"-{signal}", pid.ToString(System.Globalization.CultureInfo.InvariantCulture)]);
            kill?.WaitForExit();
        }
        catch (System.ComponentModel.Win32Exception)
        {
            // No kill(1): the workers stop through their own timeout.
        }
    }

    /// <summary>A port the system considers free now (another program may take it before the workers do; unlikely).</summary>
    public static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
