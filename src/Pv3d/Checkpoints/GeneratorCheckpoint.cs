using Pv3d.Config;
using Pv3d.Torch;
using Pv3d.Torch.Modules;

namespace Pv3d.Checkpoints;

/// <summary>
/// The weights of one generator (state-dict keys without the network prefix) and the config that
/// describes its architecture, as read from a file. Owns the tensors until disposed.
/// </summary>
public sealed class GeneratorCheckpoint : IDisposable
{
    public GeneratorCheckpoint(string source, CheckpointFormat format, string network, ModelConfig config, Dictionary<string, Tensor> state)
    {
        Source = source;
        Format = format;
        Network = network;
        Config = config;
        State = state;
    }

    public string Source { get; }
    public CheckpointFormat Format { get; }

    /// <summary>The network the weights came from (<c>generator_ema</c> or <c>generator</c>; for bare files, the name asked for).</summary>
    public string Network { get; }

    public ModelConfig Config { get; }
    public Dictionary<string, Tensor> State { get; }

    /// <summary>
    /// Copies the weights into <paramref name="generator"/>. Every key must match by name and shape:
    /// otherwise a <see cref="Pv3dException"/> names the file, the missing, unexpected and mis-shaped
    /// keys (as they are written in the file), and nothing usable is left half-loaded.
    /// </summary>
    public void LoadInto(Module generator)
    {
        var report = generator.CompareStateDict(State);
        if (report.IsComplete)
        {
            generator.LoadStateDict(State);
            return;
        }
        var prefix = Format == CheckpointFormat.SafeTensors || !HasPrefix ? "" : Network + ".";
        throw new Pv3dException(
            $"{Source}: the {Network} weights do not fit the architecture described by the config " +
            $"(super-resolution {Config.Generator.SuperresolutionClass}, channel_base {Config.Generator.ChannelBase}, channel_max {Config.Generator.ChannelMax}): {report.WithPrefix(prefix).Describe()}");
    }

    /// <summary>Whether the keys were stored under a <c>generator.</c>/<c>generator_ema.</c> prefix.</summary>
    internal bool HasPrefix { get; init; }

    public void Dispose()
    {
        foreach (var t in State.Values) t.Dispose();
        State.Clear();
    }
}
