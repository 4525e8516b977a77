using Pv3d.Torch;
using Pv3d.Torch.IO;
using Pv3d.Torch.IO.Pickle;

namespace Pv3d.Tests.IO;

/// <summary>Pickles that would run shell commands under Python's pickle load as inert placeholders here.</summary>
public class MaliciousPickleTests
{
    private const string Marker = "/tmp/pv3d-pwned";

    [Fact]
    public void CheckpointCallingOsSystemLoadsAsPlaceholderAndRunsNothing()
    {
        File.Delete(Marker);
        using var scope = TensorScope.Enter();
        var root = Assert.IsType<Dictionary<object, object?>>(TorchCheckpoint.Load(IoFixtures.Path("malicious.pt")));
        var payload = Assert.IsType<PickleObject>(root["payload"]);
        Assert.Contains(payload.Module, new[] { "posix", "os", "nt" });
        Assert.Equal("system", payload.Name);
        Assert.Equal(new object?[] { "touch " + Marker }, payload.Args);
        Assert.Equal(1L, root["ok"]);
        Assert.False(File.Exists(Marker));
    }

    [Fact]
    public void PlainPickleCallingEvalAndSystemLoadsAsPlaceholders()
    {
        File.Delete(Marker);
        var root = Assert.IsType<Dictionary<object, object?>>(Unpickler.LoadFile(IoFixtures.Path("malicious.pkl")));
        Assert.Equal("system", Assert.IsType<PickleObject>(root["payload"]).Name);
        var eval = Assert.IsType<PickleObject>(root["eval"]);
        Assert.Equal("builtins.eval", eval.FullName);
        Assert.Contains("touch", (string)eval.Args[0]!);
        Assert.False(File.Exists(Marker));
    }
}
