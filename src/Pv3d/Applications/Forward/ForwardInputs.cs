using Pv3d.Torch;
using Pv3d.Torch.IO;

namespace Pv3d.Applications.Forward;

/// <summary>
/// The arrays of a <c>pv3d forward</c> input NPZ, checked against the generator: z [N, z_dim],
/// z_motion [N, motion_dim (512)], t [N, 1] (or [N]), c [N, 25]; optional c_mapping [N, 25] (the mapping camera;
/// default c), coordinates [N, P, 3] (points at which to report sigma and rgb), and image /
/// image_raw (discriminator inputs: image [N, 3, R, R], image_raw [N, 3, r, r]). Floating arrays of any
/// precision are converted to float32.
/// </summary>
public sealed class ForwardInputs : IDisposable
{
    public const long CameraDim = 25;

    private ForwardInputs(Dictionary<string, Tensor> arrays) => _arrays = arrays;

    private readonly Dictionary<string, Tensor> _arrays;

    public long Count => Z.Size(0);
    public Tensor Z => _arrays["z"];
    public Tensor ZMotion => _arrays["z_motion"];
    public Tensor T => _arrays["t"];
    public Tensor C => _arrays["c"];
    public Tensor? CMapping => _arrays.GetValueOrDefault("c_mapping");
    public Tensor? Coordinates => _arrays.GetValueOrDefault("coordinates");
    public Tensor? Image => _arrays.GetValueOrDefault("image");
    public Tensor? ImageRaw => _arrays.GetValueOrDefault("image_raw");

    /// <summary>Names of arrays present for the discriminators (image, image_raw).</summary>
    public IReadOnlyList<string> DiscriminatorInputs { get; private init; } = Array.Empty<string>();

    /// <summary>Names of arrays the command does not know (reported, not an error).</summary>
    public IReadOnlyList<string> Ignored { get; private init; } = Array.Empty<string>();

    /// <summary>Reads and checks the arrays for a generator with these code widths (its <c>ZDim</c>, <c>MotionDim</c>, <c>CDim</c>).</summary>
    public static ForwardInputs Load(string path, long zDim, long motionDim, long cDim = CameraDim)
    {
        if (!File.Exists(path)) throw new Pv3dException($"{path}: inputs file not found");
        Dictionary<string, Tensor> raw;
        using (var scope = TensorScope.Enter())
        {
            raw = Npz.Load(path);
            foreach (var t in raw.Values) t.DetachFromScopes();
        }
        try
        {
            return Validate(raw, path, zDim, motionDim, cDim);
        }
        finally
        {
            foreach (var t in raw.Values) t.Dispose();
        }
    }

    private static readonly string[] Known = { "z", "z_motion", "t", "c", "c_mapping", "coordinates" };
    private static readonly string[] Discriminator = { "image", "image_raw" };

    private static ForwardInputs Validate(Dictionary<string, Tensor> raw, string path, long zDim, long motionDim, long cDim)
    {
        var z = Require(raw, path, "z", $"[N, {zDim}]");
        var n = z.Dim == 2 ? z.Size(0) : -1;
        var arrays = new Dictionary<string, Tensor>();
        try
        {
            arrays["z"] = Checked(z, path, "z", n, zDim);
            arrays["z_motion"] = Checked(Require(raw, path, "z_motion", $"[{n}, {motionDim}]"), path, "z_motion", n, motionDim);
            var t = Require(raw, path, "t", $"[{n}, 1]");
            arrays["t"] = t.Dim == 1 && t.Size(0) == n ? Checked(t.View(n, 1), path, "t", n, 1) : Checked(t, path, "t", n, 1);
            arrays["c"] = Checked(Require(raw, path, "c", $"[{n}, {cDim}]"), path, "c", n, cDim);
            if (raw.TryGetValue("c_mapping", out var cm)) arrays["c_mapping"] = Checked(cm, path, "c_mapping", n, cDim);
            if (raw.TryGetValue("coordinates", out var xyz))
            {
                if (xyz.Dim != 3 || xyz.Size(0) != n || xyz.Size(2) != 3)
                    throw Wrong(path, "coordinates", $"[{n}, P, 3]", xyz);
                arrays["coordinates"] = AsFloat(xyz, path, "coordinates");
            }
            foreach (var name in Discriminator)
            {
                if (!raw.TryGetValue(name, out var img)) continue;
                if (img.Dim != 4 || img.Size(0) != n)
                    throw Wrong(path, name, $"[{n}, C, H, W]", img);
                arrays[name] = AsFloat(img, path, name);
            }
            return new ForwardInputs(arrays)
            {
                DiscriminatorInputs = Discriminator.Where(raw.ContainsKey).ToList(),
                Ignored = raw.Keys.Except(Known).Except(Discriminator).ToList(),
            };
        }
        catch
        {
            foreach (var a in arrays.Values) a.Dispose();
            throw;
        }
    }

    private static Tensor Require(Dictionary<string, Tensor> raw, string path, string name, string shape) =>
        raw.TryGetValue(name, out var t)
            ? t
            : throw new Pv3dException($"{path}: the array '{name}' is missing; expected float32 {shape}");

    private static Tensor Checked(Tensor t, string path, string name, long n, long width)
    {
        if (t.Dim != 2 || (n >= 0 && t.Size(0) != n) || t.Size(1) != width || t.Size(0) < 1)
            throw Wrong(path, name, $"[{(n >= 0 ? n : "N")}, {width}]", t);
        return AsFloat(t, path, name);
    }

    private static Tensor AsFloat(Tensor t, string path, string name)
    {
        if (t.DType is not (DType.Float32 or DType.Float64 or DType.Float16 or DType.BFloat16))
            throw new Pv3dException($"{path}: the array '{name}' has dtype {t.DType}; expected float32");
        return t.To(DType.Float32, copy: true).Contiguous().DetachFromScopes();
    }

    private static Pv3dException Wrong(string path, string name, string expected, Tensor got) =>
        new($"{path}: the array '{name}' has shape [{string.Join(", ", got.Shape)}]; expected {expected}");

    public void Dispose()
    {
        foreach (var t in _arrays.Values) t.Dispose();
    }
}
