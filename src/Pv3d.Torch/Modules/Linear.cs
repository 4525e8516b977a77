namespace Pv3d.Torch.Modules;

/// <summary>y = x Wᵀ + b, like torch.nn.Linear: weight [out, in], bias [out], PyTorch's default init.</summary>
public sealed class Linear : Module<Tensor, Tensor>
{
    public Linear(long inFeatures, long outFeatures, bool bias = true, DType dtype = DType.Float32, Device? device = null)
    {
        InFeatures = inFeatures;
        OutFeatures = outFeatures;
        long[] shape = [outFeatures, inFeatures];
        RegisterParameter("weight", Init.DefaultLayerUniform(shape, inFeatures, dtype, device));
        RegisterParameter("bias", bias ? Init.DefaultLayerUniform([outFeatures], inFeatures, dtype, device) : null);
    }

    public long InFeatures { get; }
    public long OutFeatures { get; }

    public Tensor Weight => GetParameter("weight")!;
    public Tensor? Bias => GetParameter("bias");

    public override Tensor Forward(Tensor input) => Functional.Linear(input, Weight, Bias);
}
