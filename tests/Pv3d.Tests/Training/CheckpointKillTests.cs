using System.Diagnostics;
using Pv3d.CheckpointWriter;
using Pv3d.Checkpoints;
using Pv3d.Torch;
using Pv3d.Training;
using Xunit.Abstractions;

namespace Pv3d.Tests.Training;

/// <summary>
/// The real thing: a child process (tests/Pv3d.CheckpointWriter) rewrites a 4 MB checkpoint in a loop
/// and is killed with SIGKILL at varied moments during a save. After every kill the checkpoint under
/// the real name loads whole (weights and counters from one save), and the killed save's temporary,
/// when it exists, is what <see cref="TrainingCheckpoint.DeleteStaleTemporaries"/> removes.
/// </summary>
public sealed class CheckpointKillTests(ITestOutputHelper output) : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("pv3d-kill-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Fact]
    public void AWriterKilledDuringASaveLeavesTheLastWholeCheckpoint()
    {
        var path = Path.Combine(_dir, "training.safetensors");
        var random = new Random(1);
        var midWrite = 0;
        var rounds = 0;
        while (rounds < 12 && midWrite == 0)
        {
            rounds++;
            var (killedWhileWriting, saved) = RunAndKill(path, random.NextDouble());
            var temps = Directory.EnumerateFiles(_dir, ".training.safetensors.*.tmp").Count();
            if (temps > 0) midWrite++;

            using var scope = TensorScope.Enter();
            using var state = new NumberedState();
            var contents = TrainingCheckpoint.Load(path, state.Modules, state.Optimizers, restoreRng: false);
            var n = contents.Progress.NumUpdates;
            Assert.Equal(NumberedState.ProgressOf(n), contents.Progress);
            Assert.Equal($"{{\"n\":{n}}}", contents.ConfigJson);
            Assert.Equal(n, state.Weight.Min().Item());
            Assert.Equal(n, state.Weight.Max().Item());
            // The file is the last save the child reported, or the one it was writing when killed.
            Assert.InRange(n, saved, killedWhileWriting ? saved + 1 : saved);
            Assert.Equal(temps, TrainingCheckpoint.DeleteStaleTemporaries(path));
        }
        output.WriteLine($"{rounds} kills, {midWrite} left a torn temporary");
        Assert.True(midWrite >= 1, $"none of {rounds} kills landed inside a write; the test did not exercise the atomic rename");
    }

    /// <summary>Starts the writer, times its second save, and kills it a random fraction of that time into the third.</summary>
    private static (bool KilledWhileWriting, long LastSaved) RunAndKill(string path, double fraction)
    {
        var helper = Path.Combine(AppContext.BaseDirectory, "Pv3d.CheckpointWriter.dll");
        var dotnet = Path.GetFileNameWithoutExtension(Environment.ProcessPath) == "dotnet" ? Environment.ProcessPath! : "dotnet";
        var info = new ProcessStartInfo(dotnet) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        info.ArgumentList.Add(helper);
        info.ArgumentList.Add(path);
        using var process = Process.Start(info)!;
        var timer = new Stopwatch();
        double saveMs = 0;
        while (true)
        {
            var line = process.StandardOutput.ReadLine()
                       ?? throw new InvalidOperationException($"the writer exited early: {process.StandardError.ReadToEnd()}");
            if (line == "writing 2") timer.Start();
            else if (line == "saved 2") saveMs = timer.Elapsed.TotalMilliseconds;
            else if (line == "writing 3") break;
        }
        long saved = 2;
        // Sleep a random fraction of one save's duration (the time between "writing 2" and "saved 2").
        Thread.Sleep(TimeSpan.FromMilliseconds(fraction * saveMs));
        process.Kill(entireProcessTree: true);
        process.WaitForExit();
        // Lines printed before the kill may still be in the pipe.
        var rest = process.StandardOutput.ReadToEnd();
        var killedWhileWriting = true;
        foreach (var line in rest.Split('\n', StringSplitOptions.RemoveEmptyEntries))
        {
            if (line.StartsWith("saved ", StringComparison.Ordinal)) { saved = long.Parse(line[6..]); killedWhileWriting = false; }
            else if (line.StartsWith("writing ", StringComparison.Ordinal)) killedWhileWriting = true;
        }
        return (killedWhileWriting, saved);
    }
}
