using Pv3d.Rendering.Cameras;

namespace Pv3d.Geometry;

/// <summary>
/// Draws a mesh as the paper's geometry figures show it: grey, Lambert-lit by a light at the camera, using interpolated
/// vertex normals, over a white background. A plain z-buffer rasterizer on the CPU with the generator's camera model
/// (OpenCV cam2world, intrinsics normalised by the image size, pixel centres at (i + 0.5) / size), so a mesh lines up
/// with the rendered frames of the same camera. Triangles facing away from the camera are drawn darker (open surfaces
/// show their inside).
/// </summary>
public static class MeshRasterizer
{
    private const double Ambient = 0.15;

    /// <summary>One RGB frame [height · width · 3] of <paramref name="mesh"/> seen from <paramref name="camera"/>.</summary>
    public static byte[] Render(TriangleMesh mesh, Camera camera, int width, int height)
    {
        var image = new byte[width * height * 3];
        Array.Fill(image, (byte)255);
        if (mesh.TriangleCount == 0) return image;
        var depth = new double[width * height];
        Array.Fill(depth, double.PositiveInfinity);
        var normals = mesh.VertexNormals();

        // World → camera: p_cam = Rᵀ (p − t).
        var n = mesh.VertexCount;
        var sx = new double[n];
        var sy = new double[n];
        var sz = new double[n];
        var shade = new double[n];
        double fx = camera.K(0, 0) * width, fy = camera.K(1, 1) * height, cx = camera.K(0, 2) * width, cy = camera.K(1, 2) * height;
        var origin = camera.Position;
        for (var v = 0; v < n; v++)
        {
            var (x, y, z) = mesh.Vertex(v);
            double dx = x - origin.X, dy = y - origin.Y, dz = z - origin.Z;
            double xc = 0, yc = 0, zc = 0;
            for (var r = 0; r < 3; r++)
            {
                var world = r == 0 ? dx : r == 1 ? dy : dz;
                xc += camera.Pose(r, 0) * world;
                yc += camera.Pose(r, 1) * world;
                zc += camera.Pose(r, 2) * world;
            }
            sz[v] = zc;
            // Continuous pixel coordinates with pixel i covering [i, i + 1).
            sx[v] = fx * xc / zc + cx;
            sy[v] = fy * yc / zc + cy;
            // Lambert with the light at the camera: cosine between the normal and the direction to the camera.
            var dist = Math.Sqrt(dx * dx + dy * dy + dz * dz);
            shade[v] = dist > 0 ? -(normals[3 * v] * dx + normals[3 * v + 1] * dy + normals[3 * v + 2] * dz) / dist : 0;
        }

        for (var t = 0; t < mesh.TriangleCount; t++)
        {
            int a = mesh.Triangles[3 * t], b = mesh.Triangles[3 * t + 1], c = mesh.Triangles[3 * t + 2];
            if (sz[a] <= 1e-6 || sz[b] <= 1e-6 || sz[c] <= 1e-6) continue; // behind the camera
            var area = Edge(sx[a], sy[a], sx[b], sy[b], sx[c], sy[c]);
            if (Math.Abs(area) < 1e-12) continue;
            var minX = Math.Max(0, (int)Math.Floor(Math.Min(sx[a], Math.Min(sx[b], sx[c])) - 0.5));
            var maxX = Math.Min(width - 1, (int)Math.Ceiling(Math.Max(sx[a], Math.Max(sx[b], sx[c])) - 0.5));
            var minY = Math.Max(0, (int)Math.Floor(Math.Min(sy[a], Math.Min(sy[b], sy[c])) - 0.5));
            var maxY = Math.Min(height - 1, (int)Math.Ceiling(Math.Max(sy[a], Math.Max(sy[b], sy[c])) - 0.5));
            for (var py = minY; py <= maxY; py++)
                for (var px = minX; px <= maxX; px++)
                {
                    double qx = px + 0.5, qy = py + 0.5;
                    var w0 = Edge(sx[b], sy[b], sx[c], sy[c], qx, qy) / area;
                    var w1 = Edge(sx[c], sy[c], sx[a], sy[a], qx, qy) / area;
                    var w2 = 1 - w0 - w1;
                    if (w0 < 0 || w1 < 0 || w2 < 0) continue;
                    // Perspective-correct depth: 1/z is linear in screen space.
                    var invZ = w0 / sz[a] + w1 / sz[b] + w2 / sz[c];
                    var z = 1 / invZ;
                    var pixel = py * width + px;
                    if (z >= depth[pixel]) continue;
                    depth[pixel] = z;
                    var s = (w0 * shade[a] / sz[a] + w1 * shade[b] / sz[b] + w2 * shade[c] / sz[c]) * z;
                    var level = s >= 0 ? Ambient + (1 - Ambient) * s : Ambient * 0.5 + 0.25 * -s * Ambient;
                    var value = (byte)Math.Clamp(Math.Round(255 * Math.Min(1, level) * 0.9), 0, 255);
                    image[3 * pixel] = value;
                    image[3 * pixel + 1] = value;
                    image[3 * pixel + 2] = value;
                }
        }
        return image;
    }

    private static double Edge(double ax, double ay, double bx, double by, double px, double py) =>
        (bx - ax) * (py - ay) - (by - ay) * (px - ax);
}
