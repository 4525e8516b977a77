using Pv3d.Torch;
using Pv3d.Training;

namespace Pv3d.Tests.Training;

public class EmaTests
{
    [Fact]
    public void ParametersMoveTowardTheModelAndBuffersAreCopied()
    {
        using var scope = TensorScope.Enter();
        using var ema = new TinyModule(new float[] { 1, 2, 3, 4 }, new float[] { 10 }, new float[] { 0, 0, 0 });
        using var model = new TinyModule(new float[] { 3, 2, -1, 0 }, new float[] { 20 }, new float[] { 7, 8, 9 });

        Ema.Update(ema, model, 0.75);

        // p + β(p_ema − p)
        Assert.Equal(new[] { 1.5f, 2f, 2f, 3f }, ema.Weight.ToArray<float>());
        Assert.Equal(new[] { 12.5f }, ema.Bias.ToArray<float>());
        Assert.Equal(new[] { 7f, 8f, 9f }, ema.Stat.ToArray<float>());
        Assert.Equal(new[] { 3f, 2f, -1f, 0f }, model.Weight.ToArray<float>());
        Assert.True(ema.Weight.RequiresGrad);
        Assert.Null(ema.Weight.Grad);
    }

    [Fact]
    public void BetaZeroCopiesTheModel()
    {
        using var scope = TensorScope.Enter();
        using var ema = new TinyModule(new float[] { 1, 2, 3, 4 }, new float[] { 10 }, new float[] { 0 });
        using var model = new TinyModule(new float[] { 5, 6, 7, 8 }, new float[] { -1 }, new float[] { 2 });
        Ema.Update(ema, model, 0);
        Assert.Equal(model.Weight.ToArray<float>(), ema.Weight.ToArray<float>());
        Assert.Equal(model.Bias.ToArray<float>(), ema.Bias.ToArray<float>());
    }

    [Fact]
    public void MismatchedModulesAreRejectedBeforeAnythingChanges()
    {
        using var scope = TensorScope.Enter();
        using var ema = new TinyModule(new float[] { 1, 2, 3, 4 }, new float[] { 10 }, new float[] { 0 });
        using var model = new TinyModule(new float[] { 5, 6 }, new float[] { -1 }, new float[] { 2 });
        Assert.Throws<ArgumentException>(() => Ema.Update(ema, model, 0.5));
        Assert.Equal(new[] { 1f, 2f, 3f, 4f }, ema.Weight.ToArray<float>());
    }
}
