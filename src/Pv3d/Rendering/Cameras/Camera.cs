using Pv3d.Torch;

namespace Pv3d.Rendering.Cameras;

/// <summary>
/// One camera as the generator takes it: 25 floats, the row-major 4x4 cam2world matrix (OpenCV axes: x right,
/// y down, z forward) followed by the row-major 3x3 intrinsics normalised by the image size.
/// </summary>
public sealed class Camera : IEquatable<Camera>
{
    public const int Length = 25;

    private readonly float[] _values;

    public Camera(IReadOnlyList<float> values)
    {
        if (values.Count != Length) throw new ArgumentException($"a camera has {Length} numbers, got {values.Count}", nameof(values));
        _values = values.ToArray();
    }

    /// <summary>The official canonical (frontal) camera: at (0, 0, 2.7) looking down −z, focal 4.2647, centre 0.5.</summary>
    public static Camera Canonical { get; } = FromPose(
        new double[,] { { 1, 0, 0, 0 }, { 0, -1, 0, 0 }, { 0, 0, -1, 2.7 }, { 0, 0, 0, 1 } }, CameraIntrinsics.Default);

    /// <summary>A camera from a cam2world matrix (4x4, or 3x4 with the last row implied) and intrinsics.</summary>
    public static Camera FromPose(double[,] cam2world, CameraIntrinsics intrinsics)
    {
        if (cam2world.GetLength(1) != 4 || cam2world.GetLength(0) is not (3 or 4))
            throw new ArgumentException("cam2world must be 4x4 or 3x4", nameof(cam2world));
        var v = new float[Length];
        for (var r = 0; r < 4; r++)
        for (var c = 0; c < 4; c++)
            v[4 * r + c] = r < cam2world.GetLength(0) ? (float)cam2world[r, c] : (r == c ? 1f : 0f);
        intrinsics.ToRowMajor().CopyTo(v, 16);
        return new Camera(v);
    }

    public IReadOnlyList<float> Values => _values;

    /// <summary>cam2world entry at (row, column).</summary>
    public double Pose(int row, int column) => _values[4 * row + column];

    /// <summary>Intrinsics entry at (row, column).</summary>
    public double K(int row, int column) => _values[16 + 3 * row + column];

    /// <summary>Camera centre in world coordinates.</summary>
    public Vec3 Position => new(Pose(0, 3), Pose(1, 3), Pose(2, 3));

    /// <summary>The camera axes in world coordinates (columns of the rotation): right (x), down (y), forward (z).</summary>
    public Vec3 Axis(int column) => new(Pose(0, column), Pose(1, column), Pose(2, column));

    /// <summary>Cameras stacked as a float32 tensor [N, 25].</summary>
    public static Tensor ToTensor(IReadOnlyList<Camera> cameras, Device? device = null)
    {
        if (cameras.Count == 0) throw new ArgumentException("no cameras", nameof(cameras));
        var data = new float[cameras.Count * Length];
        for (var i = 0; i < cameras.Count; i++) cameras[i]._values.CopyTo(data, i * Length);
        var cpu = Tensor.FromArray(data, cameras.Count, Length);
        if (device is null || device.Value.Equals(Device.CPU)) return cpu;
        using (cpu) return cpu.To(device.Value);
    }

    public bool Equals(Camera? other) => other is not null && _values.AsSpan().SequenceEqual(other._values);
    public override bool Equals(object? obj) => Equals(obj as Camera);
    public override int GetHashCode()
    {
        var hash = new HashCode();
        foreach (var v in _values) hash.Add(v);
        return hash.ToHashCode();
    }

    public override string ToString() => $"Camera(position {Position.X:0.###}, {Position.Y:0.###}, {Position.Z:0.###}; focal {K(0, 0):0.####})";
}
