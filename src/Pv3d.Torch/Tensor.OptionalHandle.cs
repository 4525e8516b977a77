namespace Pv3d.Torch;

public sealed partial class Tensor
{
    /// <summary>
    /// Runs a native call that takes an optional tensor (bias, filter) as a raw handle, zero for none,
    /// keeping the tensor alive for the duration of the call.
    /// </summary>
    internal static int WithOptionalHandle(Tensor? tensor, Func<IntPtr, int> call)
    {
        if (tensor is null) return call(IntPtr.Zero);
        var handle = tensor.Handle;
        var added = false;
        try
        {
            handle.DangerousAddRef(ref added);
            return call(handle.DangerousGetHandle());
        }
        finally
        {
            if (added) handle.DangerousRelease();
        }
    }

    /// <summary>Wraps an optional result handle (zero means none).</summary>
    internal static Tensor? FromNullableHandle(IntPtr handle) => handle == IntPtr.Zero ? null : new Tensor(handle);
}
