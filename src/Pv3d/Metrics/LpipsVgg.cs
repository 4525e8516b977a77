using Pv3d.Torch;
using Pv3d.Torch.IO;

namespace Pv3d.Metrics;

/// <summary>
/// LPIPS with VGG16 (Zhang et al. 2018, the <c>lpips</c> package's <c>LPIPS(net='vgg')</c>, version 0.1): images in
/// [−1, 1] are scaled by the package's ScalingLayer (shift −0.030, −0.088, −0.188; scale 0.458, 0.448, 0.450), the five
/// VGG16 taps of each image are unit-normalised over channels (‖·‖ + 1e-10), their squared difference weighted by the
/// per-channel 'lin' layers (1×1 convs without bias, keys <c>lin{k}.model.1.weight</c> [1, C, 1, 1] of <c>vgg.pth</c>),
/// averaged over space and summed over the layers → [N]. Both weight files are read with the safe checkpoint reader.
/// </summary>
public sealed class LpipsVgg : IDisposable
{
    private static readonly float[] Shift = { -0.030f, -0.088f, -0.188f };
    private static readonly float[] Scale = { 0.458f, 0.448f, 0.450f };

    private readonly Vgg16Features _vgg;
    private readonly Tensor[] _lins;

    public LpipsVgg(Vgg16Features vgg, IReadOnlyDictionary<string, Tensor> linStateDict, string source)
    {
        _vgg = vgg;
        _lins = Vgg16Features.TapChannels.Select((c, k) => Vgg16Features.Need(linStateDict, $"lin{k}.model.1.weight", new long[] { 1, c, 1, 1 }, source)).ToArray();
    }

    /// <summary>Reads torchvision's VGG16 state dict (<c>vgg16-397923af.pth</c>) and the LPIPS linear layers (<c>vgg.pth</c>).</summary>
    public static LpipsVgg Load(string vggPath, string linPath)
    {
        foreach (var p in new[] { vggPath, linPath })
            if (!File.Exists(p)) throw new Pv3dException($"{p}: weights file not found");
        using var scope = TensorScope.Enter();
        var vgg = new Vgg16Features(TorchCheckpoint.LoadStateDict(vggPath), vggPath);
        return new LpipsVgg(vgg, TorchCheckpoint.LoadStateDict(linPath), linPath);
    }

    /// <summary>Distances [N] between images a and b [N, 3, H, W] in [−1, 1] (differentiable).</summary>
    public Tensor Distance(Tensor a, Tensor b)
    {
        using var scope = TensorScope.Enter();
        var shift = Tensor.FromArray(Shift, 1, 3, 1, 1).To(a.Device);
        var scale = Tensor.FromArray(Scale, 1, 3, 1, 1).To(a.Device);
        var fa = _vgg.Forward((a - shift) / scale);
        var fb = _vgg.Forward((b - shift) / scale);
        Tensor? total = null;
        for (var k = 0; k < fa.Length; k++)
        {
            var na = fa[k] / (fa[k].Square().Sum(new[] { 1 }, keepDim: true).Sqrt() + 1e-10);
            var nb = fb[k] / (fb[k].Square().Sum(new[] { 1 }, keepDim: true).Sqrt() + 1e-10);
            var d = Functional.Conv2d((na - nb).Square(), _lins[k].To(a.Device)).Mean(new[] { 2, 3 });
            total = total is null ? d : total + d;
        }
        return total!.Reshape(-1).MoveToOuterScope();
    }

    public void Dispose()
    {
        _vgg.Dispose();
        foreach (var l in _lins) l.Dispose();
    }
}
