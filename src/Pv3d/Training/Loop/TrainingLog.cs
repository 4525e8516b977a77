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
    private readonly Stream _stream;

    /// <summary>Opens (creating) the log, truncated to <paramref name="keepBytes"/> when given, else emptied.</summary>
    public TrainingLog(string runDir, long keepBytes = 0)
        : this(new FileStream(System.IO.Path.Combine(runDir, FileName), FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.Read),
            System.IO.Path.Combine(runDir, FileName), keepBytes)
    {
    }

    /// <summary>A log on an open, seekable stream (owned by the log); <paramref name="path"/> names it in messages.</summary>
    public TrainingLog(Stream stream, string path, long keepBytes = 0)
    {
        Path = path;
        _stream = stream;
        if (keepBytes > _stream.Length)
            throw new Pv3dException($"{Path}: the log is {_stream.Length} bytes, shorter than the {keepBytes} bytes the checkpoint recorded");
        _stream.SetLength(keepBytes);
        _stream.Seek(0, SeekOrigin.End);
    }

    public string Path { get; }
    public long Position => _stream.Position;

    /// <summary>
    /// Appends one line. A write that fails (a full disk) is cut back to the last whole line and raised as a
    /// <see cref="Pv3dException"/>, so the log never holds half a line and a later resume reads it whole.
    /// </summary>
    public void Write(StepResult step, double seconds, MemoryUse memory)
    {
        var line = ToJson(step);
        line["seconds"] = Number(seconds);
        line["cpu_mem_gb"] = Number(memory.ResidentGiB);
        line["malloc_gb"] = Number(memory.MallocInUseGiB);
        line["managed_gb"] = Number(memory.ManagedGiB);
        var bytes = Encoding.UTF8.GetBytes(line.ToJsonString() + "\n");
        var start = _stream.Position;
        try
        {
            _stream.Write(bytes);
            _stream.Flush();
        }
        catch (IOException e)
        {
            try
            {
                _stream.SetLength(start);
                _stream.Position = start;
            }
            catch (IOException) { /* the cut is best effort; a resume cuts the log at the checkpoint's position anyway */ }
            throw new Pv3dException(
                $"{Path}: cannot append to the training log ({e.Message}; out of disk space?); the last checkpoint is kept: free space and resume the run", e);
        }
    }

    /// <summary>
    /// A JSON number, or for a non-finite value (JSON has none) the string "NaN", "Infinity" or "-Infinity", as Python's
    /// json module reads with <c>parse_constant</c> and pandas with <c>float()</c>.
    /// </summary>
    public static JsonNode? Number(double? value) => value switch
    {
        null => null,
        { } v when double.IsFinite(v) => JsonValue.Create(v),
        { } v when double.IsNaN(v) => JsonValue.Create("NaN"),
        { } v => JsonValue.Create(v > 0 ? "Infinity" : "-Infinity"),
    };

    public static JsonObject ToJson(StepResult s) => new()
    {
        ["update"] = s.Update,
        ["num_samples"] = s.NumSamples,
        ["blur_sigma"] = Number(s.BlurSigma),
        ["c_swap_prob"] = Number(s.CameraSwapProbability),
        ["neural_rendering_resolution"] = s.RenderingResolution,
        ["ema_beta"] = Number(s.EmaBeta),
        ["loss_Gmain"] = Number(s.GeneratorMain),
        ["loss_Greg"] = Number(s.GeneratorReg),
        ["loss_Dmain"] = Number(s.DiscriminatorMain),
        ["loss_Dreg"] = Number(s.DiscriminatorReg),
    };

    public void Dispose() => _stream.Dispose();
}
