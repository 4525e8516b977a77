using Pv3d.Checkpoints;
using Pv3d.Torch;
using Pv3d.Torch.Modules;
using Pv3d.Torch.Optim;

namespace Pv3d.CheckpointWriter;

/// <summary>
/// A training state whose every value encodes one save number n: a few megabytes of weights equal
/// to n (so a write takes long enough to be interrupted), an Adam with state, and counters (n, 32n).
/// A loaded state is whole exactly when all of these agree.
/// </summary>
public sealed class NumberedState : IDisposable
{
    public const long WeightCount = 1 << 20;

    public NumberedState()
    {
        Model = new Holder();
        Optimizer = new Adam(Model.Parameters(), lr: 0.002);
    }

    public Module Model { get; }
    public Adam Optimizer { get; }
    public Tensor Weight => Model.GetParameter("weight")!;

    public Dictionary<string, Module> Modules => new() { ["generator"] = Model };
    public Dictionary<string, Adam> Optimizers => new() { ["generator"] = Optimizer };

    public static TrainingProgress ProgressOf(long n) => new(n, 32 * n, 100 * n);

    public void Save(string path, long n)
    {
        using var scope = TensorScope.Enter();
        using (Autograd.NoGrad()) Weight.FillInPlace(n);
        TrainingCheckpoint.Save(path, Modules, Optimizers, ProgressOf(n), $"{{\"n\":{n}}}", rngState: null);
    }

    public void Dispose()
    {
        Optimizer.Dispose();
        Model.Dispose();
    }

    private sealed class Holder : Module
    {
        public Holder() => RegisterParameter("weight", Tensor.Zeros(WeightCount));
    }
}
