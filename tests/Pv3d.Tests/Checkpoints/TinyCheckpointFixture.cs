using Pv3d.Tests.IO;
using Pv3d.Tests.Networks;
using Pv3d.Torch;
using Pv3d.Torch.IO;

namespace Pv3d.Tests.Checkpoints;

/// <summary>One official-layout checkpoint of the tiny generator and its inputs NPZ, shared by a test class.</summary>
public sealed class TinyCheckpointFixture : IDisposable
{
    private readonly IoFixtures.TempDir _dir = new();

    public TinyCheckpointFixture()
    {
        TinyGeneratorWeights.WriteOfficialCheckpoint(CheckpointPath);
        using var scope = TensorScope.Enter();
        var inputs = TinyGeneratorWeights.LoadIo().Where(kv => kv.Key.StartsWith("in.", StringComparison.Ordinal))
            .ToDictionary(kv => kv.Key["in.".Length..], kv => kv.Value);
        Npz.Save(InputsPath, inputs);
    }

    public string CheckpointPath => File("tiny.ckpt");
    public string InputsPath => File("in.npz");
    public string File(string name) => _dir.File(name);

    public void Dispose() => _dir.Dispose();
}
