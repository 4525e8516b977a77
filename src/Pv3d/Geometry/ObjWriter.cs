using System.Globalization;
using System.Text;

namespace Pv3d.Geometry;

/// <summary>
/// Wavefront OBJ as text: <c>v x y z</c> per vertex (followed by <c>r g b</c> in [0, 1] when the mesh has colours, the
/// vertex-colour extension MeshLab, trimesh and Blender read) and <c>f a b c</c> with 1-based indices.
/// </summary>
public static class ObjWriter
{
    public static void Write(string path, TriangleMesh mesh)
    {
        using var writer = new StreamWriter(path, false, new UTF8Encoding(false)) { NewLine = "\n" };
        Write(writer, mesh);
    }

    public static void Write(TextWriter writer, TriangleMesh mesh)
    {
        var inv = CultureInfo.InvariantCulture;
        writer.WriteLine("# written by pv3d");
        for (var v = 0; v < mesh.VertexCount; v++)
        {
            var line = string.Create(inv, $"v {mesh.Positions[3 * v]:R} {mesh.Positions[3 * v + 1]:R} {mesh.Positions[3 * v + 2]:R}");
            if (mesh.Colors is { } c)
                line += string.Create(inv, $" {c[3 * v] / 255.0:0.######} {c[3 * v + 1] / 255.0:0.######} {c[3 * v + 2] / 255.0:0.######}");
            writer.WriteLine(line);
        }
        for (var t = 0; t < mesh.TriangleCount; t++)
            writer.WriteLine(string.Create(inv, $"f {mesh.Triangles[3 * t] + 1} {mesh.Triangles[3 * t + 1] + 1} {mesh.Triangles[3 * t + 2] + 1}"));
    }
}
