using System.Text;
using System.Text.Json.Nodes;

namespace Pv3d.Training.Loop;

/// <summary>
/// The run's JSONL log: one object per update with its counters, schedule values, phase losses, wall-clock
/// seconds and memory use. Lines are flushed as written; <see cref="Position"/> is what a checkpoint records so a
/// resumed run can cut the lines written after it.
/// </summary>
public sealed class TrainingLog : IDisposable
{
    public const string FileName = "log.jsonl";
    private readonly FileStream _stream;

    /// <summary>Opens (creating) the log, truncated to <paramref name="keepBytes"/> when given, else emptied.</summary>
    public TrainingLog(string runDir, long keepBytes = 0)
    {
        Path = System.IO.Path.Combine(runDir, FileName);
        _stream = new FileStream(Path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.Read);
        if (keepBytes > _stream.Length)
            throw new Pv3dException($"{Path}: the log is {_stream.Length} bytes, shorter than the {keepBytes} bytes the checkpoint recorded");
        _stream.SetLength(keepBytes);
        _stream.Seek(0, SeekOrigin.End);
    }

    public string Path { get; }
    public long Position => _stream.Position;

    public void Write(StepResult step, double seconds, MemoryUse memory)
    {
        var line = ToJson(step);
        line["seconds"] = seconds;
        line["cpu_mem_gb"] = memory.ResidentGiB;
        line["malloc_gb"] = memory.MallocInUseGiB;
        line["managed_gb"] = memory.ManagedGiB;
        var bytes = Encoding.UTF8.GetBytes(line.ToJsonString() + "\n");
        _stream.Write(bytes);
        _stream.Flush();
    }

    public static JsonObject ToJson(StepResult s) => new()
    {
        ["update"] = s.Update,
        ["num_samples"] = s.NumSamples,
        ["blur_sigma"] = s.BlurSigma,
        ["c_swap_prob"] = s.CameraSwapProbability,
        ["neural_rendering_resolution"] = s.RenderingResolution,
        ["ema_beta"] = s.EmaBeta,
        ["loss_Gmain"] = s.GeneratorMain,
        ["loss_Greg"] = s.GeneratorReg,
        ["loss_Dmain"] = s.DiscriminatorMain,
        ["loss_Dreg"] = s.DiscriminatorReg,
    };

    public void Dispose() => _stream.Dispose();
}
