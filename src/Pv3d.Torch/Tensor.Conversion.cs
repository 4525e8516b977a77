using Pv3d.Torch.Native;

namespace Pv3d.Torch;

public sealed partial class Tensor
{
    /// <summary>Converts the element type (a new tensor; shares storage when nothing changes).</summary>
    public Tensor To(DType dtype, bool copy = false)
    {
        var d = Device;
        return FromNative(NativeMethods.pv_tensor_to(Handle, (int)dtype, (int)d.Type, d.Index, copy ? 1 : 0, out var h), h);
    }

    /// <summary>Moves to another device, keeping the element type.</summary>
    public Tensor To(Device device, bool copy = false) =>
        FromNative(NativeMethods.pv_tensor_to(Handle, (int)DType, (int)device.Type, device.Index, copy ? 1 : 0, out var h), h);

    public Tensor To(Device device, DType dtype, bool copy = false) =>
        FromNative(NativeMethods.pv_tensor_to(Handle, (int)dtype, (int)device.Type, device.Index, copy ? 1 : 0, out var h), h);

    public Tensor Float() => To(DType.Float32);
    public Tensor Double() => To(DType.Float64);
    public Tensor Long() => To(DType.Int64);
    public Tensor Cpu() => To(Device.CPU);
}
