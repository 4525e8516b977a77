using Pv3d.Torch;
using Xunit.Sdk;

namespace Pv3d.Tests.Autograd;

public class GradCheckSelfTests
{
    [Fact]
    public void DetectsAGradientThatAutogradCannotSee()
    {
        // Detaching the weight hides its influence from autograd while finite differences still see it.
        Assert.ThrowsAny<XunitException>(() =>
            GradCheck.Check(t => Functional.Linear(t[0], t[1].Detach()), new[] { GradCheck.Values(1, 1, 2, 3), GradCheck.Values(2, 1, 2, 3) }));
    }
}
