using Pv3d.Torch;
using Pv3d.Torch.Modules;

namespace Pv3d.Tests.Modules;

/// <summary>Small module trees mirroring tests/fixtures/make_module_fixtures.py.</summary>
internal static class TestModules
{
    public static Tensor Zeros(params long[] shape)
    {
        long n = 1;
        foreach (var s in shape) n *= s;
        return Tensor.FromSpan<float>(new float[n], shape);
    }

    /// <summary>A layer without parameters.</summary>
    public sealed class NoParams : Module<Tensor, Tensor>
    {
        public override Tensor Forward(Tensor input) => input;
    }

    /// <summary>Members registered out of kind order on purpose, like the Python Block.</summary>
    public sealed class Block : Module
    {
        public Block(long channels)
        {
            RegisterModule("affine", new Linear(4, channels));
            RegisterModule("conv0", new Conv2d(channels, channels, 3, padding: 1, groups: 2));
            RegisterBuffer("noise_const", Zeros(8, 8));
            RegisterBuffer("scratch", Zeros(2), persistent: false);
            RegisterParameter("noise_strength", Zeros());
            RegisterBuffer("counter", Tensor.FromSpan<long>([0L]));
        }
    }

    public sealed class Net : Module
    {
        public Net()
        {
            RegisterModule("backbone", new Sequential(new Conv2d(3, 4, 3), new LeakyRelu(0.2), new Linear(4, 2, bias: false)));
            RegisterModule("blocks", new ModuleList<Block>(new Block(4), new Block(6)));
            RegisterParameter("scale", Tensor.FromArray(new float[] { 1, 1 }));
            RegisterModule("head", new Linear(6, 1));
        }
    }
}
