using Microsoft.Win32.SafeHandles;

namespace Pv3d.Torch.Native;

/// <summary>
/// Owns one native at::Tensor. Being a SafeHandle, it cannot be released while a native call that
/// received it is still running, and its critical finalizer is the safety net for leaked tensors.
/// </summary>
internal sealed class TensorHandle : SafeHandleZeroOrMinusOneIsInvalid
{
    public TensorHandle() : base(ownsHandle: true) { }

    public TensorHandle(IntPtr handle) : base(ownsHandle: true) => SetHandle(handle);

    protected override bool ReleaseHandle()
    {
        NativeMethods.pv_tensor_free(handle);
        return true;
    }
}
