namespace Pv3d.Torch;

/// <summary>An error reported by libtorch (bad shapes, dtype mismatch, ...), raised on the managed side.</summary>
public sealed class TorchException : Exception
{
    public TorchException(string message) : base(message) { }
}
