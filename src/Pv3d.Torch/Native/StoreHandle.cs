namespace Pv3d.Torch.Native;

/// <summary>Owns one native c10d store (a TCPStore or FileStore).</summary>
internal sealed class StoreHandle : Microsoft.Win32.SafeHandles.SafeHandleZeroOrMinusOneIsInvalid
{
    public StoreHandle() : base(ownsHandle: true) { }
    public StoreHandle(IntPtr handle) : base(ownsHandle: true) => SetHandle(handle);

    protected override bool ReleaseHandle()
    {
        NativeMethods.pv_store_free(handle);
        return true;
    }
}
