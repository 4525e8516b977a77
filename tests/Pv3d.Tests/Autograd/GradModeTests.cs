using Pv3d.Torch;

namespace Pv3d.Tests.Autograd;

public class GradModeTests
{
    [Fact]
    public void NoGradStopsRecordingAndRestoresTheMode()
    {
        using var scope = TensorScope.Enter();
        var x = Tensor.FromArray(new double[] { 1, 2, 3 }, 1, 3);
        var w = Tensor.FromArray(new double[] { 1, 1, 1 }, 1, 3).SetRequiresGrad(true);
        Assert.True(Torch.Autograd.IsGradEnabled);
        using (Torch.Autograd.NoGrad())
        {
            Assert.False(Torch.Autograd.IsGradEnabled);
            Assert.False(Functional.Linear(x, w).RequiresGrad);
        }
        Assert.True(Torch.Autograd.IsGradEnabled);
        Assert.True(Functional.Linear(x, w).RequiresGrad);
    }

    [Fact]
    public void ScopesNest()
    {
        using (Torch.Autograd.NoGrad())
        {
            using (Torch.Autograd.NoGrad()) Assert.False(Torch.Autograd.IsGradEnabled);
            Assert.False(Torch.Autograd.IsGradEnabled);
            using (Torch.Autograd.EnableGrad()) Assert.True(Torch.Autograd.IsGradEnabled);
            Assert.False(Torch.Autograd.IsGradEnabled);
        }
        Assert.True(Torch.Autograd.IsGradEnabled);
    }

    [Fact]
    public void ModeIsPerThread()
    {
        using (Torch.Autograd.NoGrad())
        {
            var other = true;
            var thread = new Thread(() => other = Torch.Autograd.IsGradEnabled);
            thread.Start();
            thread.Join();
            Assert.True(other);
            Assert.False(Torch.Autograd.IsGradEnabled);
        }
    }
}
