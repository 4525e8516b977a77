using Pv3d.Networks.Discriminators;
using Pv3d.Torch;

namespace Pv3d.Tests.Networks.Discriminators;

/// <summary>The discriminator's layers against the official modules run by make_discriminator_fixtures.py.</summary>
public sealed class DiscriminatorLayerFixtureTests
{
    private const double Tol = 1e-5;

    [Theory]
    [InlineData("conv_down2_lrelu")]
    [InlineData("conv_down2_skip")]
    [InlineData("conv_plain_lrelu")]
    public void Conv2dLayerMatchesOfficial(string name)
    {
        using var fx = DiscriminatorFixture.Load(name);
        using var scope = TensorScope.Enter();
        var init = fx.Init;
        using var layer = new Conv2dLayer(init.GetProperty("in_channels").GetInt64(), init.GetProperty("out_channels").GetInt64(),
            init.GetProperty("kernel_size").GetInt32(),
            bias: !init.TryGetProperty("bias", out var b) || b.GetBoolean(),
            activation: init.TryGetProperty("activation", out var a) ? a.GetString()! : "linear",
            down: init.TryGetProperty("down", out var d) ? d.GetInt32() : 1,
            convClamp: init.TryGetProperty("conv_clamp", out var c) ? c.GetDouble() : null);
        Assert.Equal(fx.Keys, layer.StateDict().Keys);
        layer.LoadStateDict(fx.Params);
        var y = layer.Forward(fx.Input("x"), fx.Case.GetProperty("forward").GetProperty("gain").GetDouble());
        NetTestUtil.AssertRelL2(y, fx.Output("y"), Tol, name);
    }

    [Theory]
    [InlineData("block_first")]
    [InlineData("block_later")]
    public void DiscriminatorBlockMatchesOfficial(string name)
    {
        using var fx = DiscriminatorFixture.Load(name);
        using var scope = TensorScope.Enter();
        var init = fx.Init;
        using var block = new DiscriminatorBlock(init.GetProperty("in_channels").GetInt64(), init.GetProperty("tmp_channels").GetInt64(),
            init.GetProperty("out_channels").GetInt64(), init.GetProperty("resolution").GetInt64(),
            init.GetProperty("img_channels").GetInt64(), convClamp: init.GetProperty("conv_clamp").GetDouble());
        Assert.Equal(fx.Keys, block.StateDict().Keys);
        block.LoadStateDict(fx.Params);
        var y = block.IsFirst ? block.Forward(null, fx.Input("img")) : block.Forward(fx.Input("x"), null);
        NetTestUtil.AssertRelL2(y, fx.Output("y"), Tol, name);
    }

    [Theory]
    [InlineData("mbstd_n4")]
    [InlineData("mbstd_n2")]
    [InlineData("mbstd_n8")]
    public void MinibatchStdMatchesOfficial(string name)
    {
        using var fx = DiscriminatorFixture.Load(name);
        using var scope = TensorScope.Enter();
        using var layer = new MinibatchStdLayer(4);
        NetTestUtil.AssertRelL2(layer.Forward(fx.Input("x")), fx.Output("y"), Tol, name);
    }

    [Fact]
    public void MinibatchStdRejectsAnIndivisibleBatch()
    {
        using var scope = TensorScope.Enter();
        using var layer = new MinibatchStdLayer(4);
        Assert.Throws<ArgumentException>(() => layer.Forward(Tensor.Zeros(6, 2, 3, 3)));
    }

    [Fact]
    public void EpilogueMatchesOfficial()
    {
        using var fx = DiscriminatorFixture.Load("epilogue");
        using var scope = TensorScope.Enter();
        var init = fx.Init;
        using var epi = new DiscriminatorEpilogue(init.GetProperty("in_channels").GetInt64(), init.GetProperty("cmap_dim").GetInt64(),
            init.GetProperty("resolution").GetInt64(), init.GetProperty("mbstd_group_size").GetInt32(),
            convClamp: init.GetProperty("conv_clamp").GetDouble());
        Assert.Equal(fx.Keys, epi.StateDict().Keys);
        epi.LoadStateDict(fx.Params);
        NetTestUtil.AssertRelL2(epi.Forward(fx.Input("x"), fx.Input("cmap")), fx.Output("y"), Tol, "epilogue");
    }
}
