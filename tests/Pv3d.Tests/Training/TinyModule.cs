using Pv3d.Torch;
using Pv3d.Torch.Modules;

namespace Pv3d.Tests.Training;

/// <summary>A parameter, a child with a parameter, and a buffer: enough to exercise EMA and checkpoints.</summary>
internal sealed class TinyModule : Module
{
    public TinyModule(float[] weight, float[] bias, float[] buffer)
    {
        RegisterParameter("weight", Tensor.FromArray(weight, 2, weight.Length / 2));
        RegisterModule("child", new Leaf(bias));
        RegisterBuffer("stat", Tensor.FromArray(buffer, buffer.Length));
    }

    public Tensor Weight => GetParameter("weight")!;
    public Tensor Bias => GetModule("child")!.GetParameter("bias")!;
    public Tensor Stat => GetBuffer("stat")!;

    private sealed class Leaf : Module
    {
        public Leaf(float[] bias) => RegisterParameter("bias", Tensor.FromArray(bias, bias.Length));
    }
}
