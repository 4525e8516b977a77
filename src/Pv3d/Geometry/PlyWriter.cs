using System.Text;

namespace Pv3d.Geometry;

/// <summary>
/// Stanford PLY, <c>binary_little_endian 1.0</c>: vertex <c>x y z</c> as float (plus <c>red green blue</c> as uchar when the
/// mesh has colours), face <c>vertex_indices</c> as a <c>list uchar int</c>: the layout MeshLab, Blender, trimesh and
/// Open3D read, and the one PyMCubes/plyfile write.
/// </summary>
public static class PlyWriter
{
    public static void Write(string path, TriangleMesh mesh)
    {
        using var stream = File.Create(path);
        Write(stream, mesh);
    }

    public static void Write(Stream stream, TriangleMesh mesh)
    {
        var header = new StringBuilder();
        header.Append("ply\nformat binary_little_endian 1.0\ncomment written by pv3d\n");
        header.Append($"element vertex {mesh.VertexCount}\nproperty float x\nproperty float y\nproperty float z\n");
        if (mesh.Colors is not null) header.Append("property uchar red\nproperty uchar green\nproperty uchar blue\n");
        header.Append($"element face {mesh.TriangleCount}\nproperty list uchar int vertex_indices\nend_header\n");
        using var writer = new BinaryWriter(stream, Encoding.ASCII, leaveOpen: true);
        writer.Write(Encoding.ASCII.GetBytes(header.ToString()));
        for (var v = 0; v < mesh.VertexCount; v++)
        {
            writer.Write(mesh.Positions[3 * v]);
            writer.Write(mesh.Positions[3 * v + 1]);
            writer.Write(mesh.Positions[3 * v + 2]);
            if (mesh.Colors is { } colors) writer.Write(colors.AsSpan(3 * v, 3));
        }
        for (var t = 0; t < mesh.TriangleCount; t++)
        {
            writer.Write((byte)3);
            writer.Write(mesh.Triangles[3 * t]);
            writer.Write(mesh.Triangles[3 * t + 1]);
            writer.Write(mesh.Triangles[3 * t + 2]);
        }
    }
}
