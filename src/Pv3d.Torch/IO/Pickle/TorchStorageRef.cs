namespace Pv3d.Torch.IO.Pickle;

/// <summary>
/// A storage named by a checkpoint's persistent id <c>('storage', cls, key, location, numel)</c>.
/// Its bytes are read once, on first use; every tensor built on it is a view of that one storage.
/// </summary>
public sealed class TorchStorageRef
{
    private readonly Func<TorchStorageRef, RawStorage> _load;

    internal TorchStorageRef(string key, DType dtype, long numEl, string location, Func<TorchStorageRef, RawStorage> load)
    {
        Key = key;
        DType = dtype;
        NumEl = numEl;
        Location = location;
        _load = load;
    }

    public string Key { get; }
    public DType DType { get; }
    public long NumEl { get; }
    public string Location { get; }

    internal RawStorage Load() => _load(this);
}
