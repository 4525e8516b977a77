using Pv3d.Torch;

namespace Pv3d.Networks;

/// <summary>
/// StyleGAN2's bias_act (its reference path): add a bias along one dimension, apply an activation,
/// scale by a gain, clamp — in that order. Without gradients, linear/relu/lrelu on float32 CPU tensors run as one
/// native pass (<see cref="Functional.BiasActInference"/>, same bits); otherwise intermediates are released as soon
/// as they are used, and updated in place when no gradient is being recorded through them.
/// </summary>
public static class BiasAct
{
    /// <summary>Default gain of an activation: √2 for relu-like ones (keeps the signal's scale), else 1.</summary>
    public static double DefaultGain(string act) => act switch
    {
        "linear" or "tanh" or "sigmoid" or "softplus" => 1.0,
        "relu" or "lrelu" or "swish" => Math.Sqrt(2.0),
        _ => throw UnknownActivation(act),
    };

    /// <summary>Default alpha (negative slope) of an activation: 0.2 for lrelu, else 0.</summary>
    public static double DefaultAlpha(string act) => act == "lrelu" ? 0.2 : 0.0;

    /// <summary>
    /// <c>clamp(gain · act(x + b), ±clamp)</c>; <paramref name="b"/> is 1-D with x.shape[dim] entries.
    /// Null alpha/gain take the activation's defaults; null clamp disables clamping.
    /// </summary>
    public static Tensor Apply(Tensor x, Tensor? b, int dim = 1, string act = "linear", double? alpha = null,
        double? gain = null, double? clamp = null)
    {
        var g = gain ?? DefaultGain(act);
        var a = alpha ?? DefaultAlpha(act);
        if (clamp is < 0) throw new ArgumentOutOfRangeException(nameof(clamp), "clamp must be non-negative (or null to disable)");

        if (FusedKind(x, b, act) is { } fused)
        {
            var d = dim < 0 ? dim + (int)x.Dim : dim;
            if (b != null && (b.Dim != 1 || d < 0 || d >= x.Dim || b.Size(0) != x.Size(d)))
                throw new ArgumentException($"bias of [{string.Join(", ", b.Shape)}] does not match dimension {dim} of [{string.Join(", ", x.Shape)}]");
            return Functional.BiasActInference(x, b, d, fused, a, g, clamp);
        }

        var y = x;
        if (b != null)
        {
            if (b.Dim != 1) throw new ArgumentException($"bias_act needs a 1-D bias, got [{string.Join(", ", b.Shape)}]", nameof(b));
            var d = dim < 0 ? dim + (int)x.Dim : dim;
            if (d < 0 || d >= x.Dim || b.Size(0) != x.Size(d))
                throw new ArgumentException($"bias of {b.Size(0)} entries does not match dimension {dim} of [{string.Join(", ", x.Shape)}]");
            var shape = new long[x.Dim];
            Array.Fill(shape, 1L);
            shape[d] = -1;
            using var bView = b.View(shape);
            y = x + bView;
        }

        y = Step(x, y, ActivationOf(act, a));
        if (g != 1) y = Step(x, y, t => t.MulInPlace(g), t => t * g);
        if (clamp is double c) y = Step(x, y, t => t.ClampInPlace(-c, c), t => t.Clamp(-c, c));
        return y;
    }

    /// <summary>
    /// The one-pass kernel applies when nothing records a gradient (it has no backward) and the tensors are float32 on
    /// the CPU; it gives the same bits as the steps below.
    /// </summary>
    private static FusedActivation? FusedKind(Tensor x, Tensor? b, string act)
    {
        if (x.Device != Device.CPU || x.DType != DType.Float32 || (b != null && b.DType != DType.Float32)) return null;
        if (Autograd.IsGradEnabled && (x.RequiresGrad || b?.RequiresGrad == true)) return null;
        return act switch
        {
            "linear" => FusedActivation.Linear,
            "relu" => FusedActivation.Relu,
            "lrelu" => FusedActivation.LeakyRelu,
            _ => null,
        };
    }

    private static Func<Tensor, Tensor>? ActivationOf(string act, double alpha) => act switch
    {
        "linear" => null,
        "relu" => t => t.Relu(),
        "lrelu" => t => t.LeakyRelu(alpha),
        "tanh" => t => t.Tanh(),
        "sigmoid" => t => t.Sigmoid(),
        "softplus" => t => t.Softplus(),
        "swish" => t => t.Silu(),
        _ => throw UnknownActivation(act),
    };

    private static Tensor Step(Tensor input, Tensor current, Func<Tensor, Tensor>? op)
    {
        if (op == null) return current;
        var next = op(current);
        if (!ReferenceEquals(current, input)) current.Dispose();
        return next;
    }

    // In place only on a tensor we made and that autograd does not track.
    private static Tensor Step(Tensor input, Tensor current, Func<Tensor, Tensor> inPlace, Func<Tensor, Tensor> outOfPlace)
    {
        var owned = !ReferenceEquals(current, input);
        if (owned && !current.RequiresGrad) return inPlace(current);
        var next = outOfPlace(current);
        if (owned) current.Dispose();
        return next;
    }

    private static ArgumentException UnknownActivation(string act) =>
        new($"unknown activation '{act}' (supported: linear, relu, lrelu, tanh, sigmoid, softplus, swish)");
}
