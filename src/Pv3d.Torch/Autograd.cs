using Pv3d.Torch.Native;

namespace Pv3d.Torch;

/// <summary>torch.autograd: gradients of outputs with respect to chosen inputs, and the grad mode.</summary>
public static class Autograd
{
    /// <summary>Whether operations on this thread are recorded (libtorch's grad mode is thread-local).</summary>
    public static bool IsGradEnabled
    {
        get
        {
            TorchRuntime.EnsureInitialized();
            NativeLib.Check(NativeMethods.pv_is_grad_enabled(out var f));
            return f != 0;
        }
        set => NativeLib.Check(NativeMethods.pv_set_grad_enabled(value ? 1 : 0));
    }

    /// <summary><c>using (Autograd.NoGrad()) { ... }</c>: nothing inside is recorded; the mode is restored after.</summary>
    public static GradModeScope NoGrad() => new(false);

    /// <summary>Records operations inside the scope even within an outer <see cref="NoGrad"/>.</summary>
    public static GradModeScope EnableGrad() => new(true);

    /// <summary>
    /// torch.autograd.grad: the sum of d(outputs)/d(input) for every input, weighted by
    /// <paramref name="gradOutputs"/> (null entries allowed for one-element outputs). Entries are null
    /// only for unused inputs with <paramref name="allowUnused"/>. With <paramref name="createGraph"/>
    /// the results are themselves differentiable (double backward, e.g. the R1 penalty).
    /// <paramref name="retainGraph"/> defaults to <paramref name="createGraph"/>.
    /// </summary>
    public static Tensor?[] Grad(IReadOnlyList<Tensor> outputs, IReadOnlyList<Tensor> inputs,
        IReadOnlyList<Tensor?>? gradOutputs = null, bool? retainGraph = null, bool createGraph = false, bool allowUnused = false)
    {
        if (gradOutputs is not null && gradOutputs.Count != outputs.Count)
            throw new ArgumentException($"{gradOutputs.Count} gradOutputs given for {outputs.Count} outputs", nameof(gradOutputs));
        var retain = retainGraph is null ? -1 : retainGraph.Value ? 1 : 0;
        var results = new IntPtr[inputs.Count];
        var status = Tensor.WithHandles(outputs, (outs, nOuts) =>
            Tensor.WithHandles(inputs, (ins, nIns) =>
                Tensor.WithHandles(gradOutputs ?? Array.Empty<Tensor?>(), (gos, nGos) =>
                    NativeMethods.pv_autograd_grad(outs, nOuts, ins, nIns, gradOutputs is null ? IntPtr.Zero : gos, nGos,
                        retain, createGraph ? 1 : 0, allowUnused ? 1 : 0, results))));
        NativeLib.Check(status);
        var grads = new Tensor?[results.Length];
        for (var i = 0; i < results.Length; i++) grads[i] = Tensor.FromNullableHandle(results[i]);
        return grads;
    }

    /// <summary>Single output, single input convenience form of <see cref="Grad(IReadOnlyList{Tensor}, IReadOnlyList{Tensor}, IReadOnlyList{Tensor?}?, bool?, bool, bool)"/>.</summary>
    public static Tensor Grad(Tensor output, Tensor input, Tensor? gradOutput = null, bool? retainGraph = null, bool createGraph = false) =>
        Grad(new[] { output }, new[] { input }, gradOutput is null ? null : new[] { gradOutput }, retainGraph, createGraph)[0]!;
}
