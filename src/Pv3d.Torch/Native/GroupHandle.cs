namespace Pv3d.Torch.Native;

/// <summary>Owns one native process group.</summary>
internal sealed class GroupHandle : Microsoft.Win32.SafeHandles.SafeHandleZeroOrMinusOneIsInvalid
{
    public GroupHandle() : base(ownsHandle: true) { }
    public GroupHandle(IntPtr handle) : base(ownsHandle: true) => SetHandle(handle);

    protected override bool ReleaseHandle()
    {
        NativeMethods.pv_group_free(handle);
        return true;
    }
}
