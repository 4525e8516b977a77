using Pv3d.Torch;

namespace Pv3d.Tests.Training;

[Collection(GlobalRandomCollection.Name)]
public class TorchRandomStateTests
{
    [Fact]
    public void RestoringTheStateRepeatsTheFollowingDraws()
    {
        using var scope = TensorScope.Enter();
        TorchRandom.ManualSeed(21);
        Tensor.Randn(3);
        Tensor.Rand(5);
        var state = TorchRandom.GetState();
        var normal = Tensor.Randn(7).ToArray<float>();
        var uniform = Tensor.Rand(new long[] { 40 }, DType.Float64).ToArray<double>();

        TorchRandom.ManualSeed(99);
        Tensor.Randn(11);
        TorchRandom.SetState(state);
        Assert.Equal(normal, Tensor.Randn(7).ToArray<float>());
        Assert.Equal(uniform, Tensor.Rand(new long[] { 40 }, DType.Float64).ToArray<double>());
    }

    [Fact]
    public void StateMatchesTorchGetRngStateLayout()
    {
        TorchRandom.ManualSeed(0);
        // torch.get_rng_state() of the CPU generator is 5056 bytes in torch 1.13 (mt19937 + normal caches).
        Assert.Equal(5056, TorchRandom.GetState().Length);
    }

    [Fact]
    public void AMalformedStateIsRejected()
    {
        Assert.ThrowsAny<Exception>(() => TorchRandom.SetState(new byte[] { 1, 2, 3 }));
    }
}
