using Pv3d.Torch.Native;

namespace Pv3d.Torch;

public sealed partial class Tensor
{
    /// <summary>Whether operations on this tensor are recorded for differentiation.</summary>
    public bool RequiresGrad
    {
        get { NativeLib.Check(NativeMethods.pv_requires_grad(Handle, out var f)); return f != 0; }
        set => NativeLib.Check(NativeMethods.pv_set_requires_grad(Handle, value ? 1 : 0));
    }

    /// <summary>Sets <see cref="RequiresGrad"/> and returns this tensor (like PyTorch's requires_grad_).</summary>
    public Tensor SetRequiresGrad(bool requiresGrad = true)
    {
        RequiresGrad = requiresGrad;
        return this;
    }

    /// <summary>True for tensors created by the user rather than by a recorded operation.</summary>
    public bool IsLeaf
    {
        get { NativeLib.Check(NativeMethods.pv_is_leaf(Handle, out var f)); return f != 0; }
    }

    /// <summary>
    /// The accumulated gradient as a new handle sharing its storage, or null when there is none.
    /// Each read makes a new <see cref="Tensor"/> (registered with the current scope).
    /// </summary>
    public Tensor? Grad
    {
        get
        {
            NativeLib.Check(NativeMethods.pv_grad(Handle, out var h));
            return FromNullableHandle(h);
        }
    }

    /// <summary>Replaces the gradient; null clears it (like <c>t.grad = None</c>).</summary>
    public void SetGrad(Tensor? grad) =>
        NativeLib.Check(grad is null ? NativeMethods.pv_clear_grad(Handle, IntPtr.Zero) : NativeMethods.pv_set_grad(Handle, grad.Handle));

    /// <summary>Zeroes the gradient in place when there is one (it stays allocated).</summary>
    public void ZeroGrad() => NativeLib.Check(NativeMethods.pv_zero_grad(Handle));

    /// <summary>Keeps <see cref="Grad"/> for this non-leaf tensor after backward.</summary>
    public Tensor RetainGrad()
    {
        NativeLib.Check(NativeMethods.pv_retain_grad(Handle));
        return this;
    }

    /// <summary>A new tensor sharing storage, cut out of the graph.</summary>
    public Tensor Detach() => FromNative(NativeMethods.pv_detach(Handle, out var h), h);

    /// <summary>Cuts this tensor out of the graph in place and returns it.</summary>
    public Tensor DetachInPlace()
    {
        NativeLib.Check(NativeMethods.pv_detach_(Handle));
        return this;
    }

    /// <summary>
    /// Accumulates d(this)/d(leaf) into the <see cref="Grad"/> of every leaf that requires grad.
    /// <paramref name="gradient"/> may be omitted for a one-element tensor. <paramref name="retainGraph"/>
    /// defaults to <paramref name="createGraph"/>, as in PyTorch.
    /// </summary>
    public void Backward(Tensor? gradient = null, bool? retainGraph = null, bool createGraph = false)
    {
        var retain = retainGraph is null ? -1 : retainGraph.Value ? 1 : 0;
        NativeLib.Check(WithOptionalHandle(gradient, g => NativeMethods.pv_backward(Handle, g, retain, createGraph ? 1 : 0)));
    }
}
