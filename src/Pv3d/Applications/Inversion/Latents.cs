using System.Text;
using Pv3d.Networks;
using Pv3d.Torch;
using Pv3d.Torch.IO;

namespace Pv3d.Applications.Inversion;

/// <summary>
/// The codes an inversion or reconstruction found, as <c>latents.npz</c> holds them (float32 arrays):
/// <c>ws</c> [1, num_ws, w_dim] (the W+ appearance code), <c>c</c> [F, 25] (rendering camera per frame; F = 1 for a
/// still), and for videos <c>z_motion_plus</c> [F, K, 512] (one motion code per motion layer per frame) and <c>t</c> [F];
/// an edit stores <c>z_motion</c> [1, 512] instead. <c>tuned_generator</c>, when present, is the UTF-8 path (uint8
/// array) of the generator checkpoint pivotal tuning wrote, which the codes belong to.
/// All tensors live on the CPU; the object owns them.
/// </summary>
public sealed class Latents : IDisposable
{
    public Latents(Tensor ws, Tensor c, Tensor? zMotionPlus = null, Tensor? t = null, Tensor? zMotion = null, string? tunedGenerator = null)
    {
        Ws = ws;
        C = c;
        ZMotionPlus = zMotionPlus;
        T = t;
        ZMotion = zMotion;
        TunedGenerator = tunedGenerator;
    }

    public Tensor Ws { get; }
    public Tensor C { get; }
    public Tensor? ZMotionPlus { get; }
    public Tensor? T { get; }
    public Tensor? ZMotion { get; }
    public string? TunedGenerator { get; }

    public int Frames => (int)C.Size(0);

    public void Save(string path)
    {
        using var scope = TensorScope.Enter();
        var arrays = new Dictionary<string, Tensor> { ["ws"] = Ws, ["c"] = C };
        if (ZMotionPlus is not null) arrays["z_motion_plus"] = ZMotionPlus;
        if (T is not null) arrays["t"] = T;
        if (ZMotion is not null) arrays["z_motion"] = ZMotion;
        if (TunedGenerator is not null)
        {
            var bytes = Encoding.UTF8.GetBytes(TunedGenerator);
            arrays["tuned_generator"] = Tensor.FromArray(bytes, bytes.Length);
        }
        Npz.Save(path, arrays);
    }

    /// <summary>Reads a latents file; the shapes are checked here and against a model by <see cref="CheckFits"/>.</summary>
    public static Latents Load(string path)
    {
        if (!File.Exists(path)) throw new Pv3dException($"{path}: latents file not found");
        Dictionary<string, Tensor> arrays;
        try
        {
            arrays = Npz.Load(path);
        }
        catch (Exception e) when (e is not Pv3dException)
        {
            throw new Pv3dException($"{path}: not a readable .npz file ({e.Message})", e);
        }
        Tensor Need(string key) => arrays.TryGetValue(key, out var t)
            ? t.To(DType.Float32).Cpu()
            : throw new Pv3dException($"{path}: has no '{key}' array (expected a latents.npz written by pv3d invert or reconstruct)");
        Tensor? Optional(string key) => arrays.TryGetValue(key, out var t) ? t.To(DType.Float32).Cpu() : null;
        var ws = Need("ws");
        var c = Need("c");
        string? tuned = arrays.TryGetValue("tuned_generator", out var raw) ? Encoding.UTF8.GetString(raw.To(DType.UInt8).Cpu().ToArray<byte>()) : null;
        var latents = new Latents(ws, c, Optional("z_motion_plus"), Optional("t"), Optional("z_motion"), tuned);
        foreach (var t in arrays.Values) t.Dispose();
        latents.CheckShapes(path);
        return latents;
    }

    private void CheckShapes(string path)
    {
        if (Ws.Dim != 3 || Ws.Size(0) != 1) throw new Pv3dException($"{path}: ws must be [1, num_ws, w_dim], got {Shape(Ws)}");
        if (C.Dim != 2 || C.Size(1) != 25 || C.Size(0) < 1) throw new Pv3dException($"{path}: c must be [F, 25], got {Shape(C)}");
        if (ZMotionPlus is { } z && (z.Dim != 3 || z.Size(0) != Frames))
            throw new Pv3dException($"{path}: z_motion_plus must be [{Frames}, K, 512] (one row per camera in c), got {Shape(z)}");
        if (T is { } t && (t.Dim != 1 || t.Size(0) != Frames))
            throw new Pv3dException($"{path}: t must be [{Frames}] (one time per camera in c), got {Shape(t)}");
        if (ZMotion is { } m && (m.Dim != 2 || m.Size(0) != 1)) throw new Pv3dException($"{path}: z_motion must be [1, 512], got {Shape(m)}");
    }

    /// <summary>Throws when these codes cannot drive <paramref name="generator"/> (codes of another model).</summary>
    public void CheckFits(TriPlaneGenerator generator, string path)
    {
        var synthesis = generator.Backbone.Synthesis;
        if (Ws.Size(1) != generator.NumWs || Ws.Size(2) != synthesis.WDim)
            throw new Pv3dException($"{path}: ws is {Shape(Ws)} but this model takes [1, {generator.NumWs}, {synthesis.WDim}] (latents of another model?)");
        var motionDim = MotionDim(generator);
        if (ZMotionPlus is { } z && (z.Size(1) != synthesis.MotionLayerCount || z.Size(2) != motionDim))
            throw new Pv3dException($"{path}: z_motion_plus is {Shape(z)} but this model has {synthesis.MotionLayerCount} motion layers of {motionDim} (latents of another model?)");
        if (ZMotion is { } m && m.Size(1) != motionDim)
            throw new Pv3dException($"{path}: z_motion is {Shape(m)} but this model's motion code has {motionDim} entries (latents of another model?)");
    }

    /// <summary>Length of the generator's motion code (the motion layers' w_dim, 512 for PV3D).</summary>
    public static long MotionDim(TriPlaneGenerator generator) => generator.MotionDim;

    private static string Shape(Tensor t) => $"[{string.Join(", ", t.Shape)}]";

    public void Dispose()
    {
        foreach (var t in new[] { Ws, C, ZMotionPlus, T, ZMotion }) t?.Dispose();
    }
}
