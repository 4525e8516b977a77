using Pv3d.Applications.Inversion;
using Pv3d.Geometry;
using Pv3d.Networks;
using Pv3d.Rendering.Cameras;
using Pv3d.Torch;
using Pv3d.Video;

namespace Pv3d.Applications.Meshes;

/// <summary>Mesh file formats <c>pv3d mesh</c> writes.</summary>
public enum MeshFormat
{
    Ply,
    Obj,
    Mrc,
}

/// <summary>How <see cref="MeshSequence"/> samples and writes the geometry.</summary>
public sealed record MeshSequenceOptions
{
    public int Frames { get; init; } = 16;

    /// <summary>Samples per side of the grid (the official render code uses 128).</summary>
    public int Resolution { get; init; } = 128;

    public double Threshold { get; init; } = GeometryExtraction.OfficialThreshold;

    public MeshFormat Format { get; init; } = MeshFormat.Ply;

    /// <summary>Samples on each side set to −1000 before marching (EG3D's 30·N/256 closes surfaces at the box); 0 = none (official PV3D).</summary>
    public int BorderCells { get; init; }

    /// <summary>A shaded-geometry video along <see cref="Trajectory"/> (null: no video).</summary>
    public ICameraTrajectory? Trajectory { get; init; }

    /// <summary>Side of the video frames in pixels.</summary>
    public int VideoSize { get; init; } = 256;

    public double Fps { get; init; } = VideoWriter.DefaultFps;

    public void Validate()
    {
        if (Frames < 1) throw new Pv3dException($"frames must be at least 1, got {Frames}");
        if (Resolution is < 8 or > 1024) throw new Pv3dException($"the grid resolution must be within 8..1024, got {Resolution}");
        if (!double.IsFinite(Threshold)) throw new Pv3dException($"the threshold must be a number, got {Threshold}");
        if (BorderCells < 0 || 2 * BorderCells >= Resolution) throw new Pv3dException($"the border must be within 0..{(Resolution - 1) / 2} samples, got {BorderCells}");
        if (VideoSize is < 16 or > 4096) throw new Pv3dException($"the video size must be within 16..4096, got {VideoSize}");
    }
}

/// <summary>One frame's result: the file written and the mesh's size.</summary>
public sealed record MeshFrame(int Index, double Time, string Path, int Vertices, int Triangles);

/// <summary>
/// Dynamic geometry (the paper's Figure 1): per frame at time t = i/(F−1) the density grid, its marching-cubes surface with
/// vertex colours, one file per frame (<c>frame_NNNN.ply|obj</c>; <c>.mrc</c> writes the density grid itself, as EG3D
/// does), and optionally <c>geometry.mp4</c>, the meshes Lambert-shaded along a camera path.
/// </summary>
public static class MeshSequence
{
    /// <summary>
    /// ws [1, num_ws, w_dim]; <paramref name="motion"/> [1, D] for all frames or [F, K, D] per frame (then
    /// <paramref name="times"/> gives each frame's time, else t = linspace(0, 1, F)).
    /// </summary>
    public static IReadOnlyList<MeshFrame> Write(TriPlaneGenerator generator, Tensor ws, Tensor motion, float[]? times, MeshSequenceOptions options,
        string outputDirectory, IProgress<(int Done, int Total)>? progress = null, CancellationToken cancellation = default)
    {
        options.Validate();
        var frames = motion.Dim == 3 ? (int)motion.Size(0) : options.Frames;
        times ??= Enumerable.Range(0, frames).Select(i => frames == 1 ? 0f : (float)i / (frames - 1)).ToArray();
        if (times.Length != frames) throw new Pv3dException($"{frames} motion codes but {times.Length} times");
        OutputFolder.Create(outputDirectory);
        var cameras = options.Trajectory?.Cameras(frames);
        var extraction = new GeometryExtraction(generator);
        var written = new List<MeshFrame>();
        var video = new List<byte[]>();
        for (var i = 0; i < frames && !cancellation.IsCancellationRequested; i++)
        {
            using var scope = TensorScope.Enter();
            var frameMotion = motion.Dim == 3 ? motion.Narrow(0, i, 1) : motion;
            DensityGrid grid;
            Tensor planes;
            try
            {
                (grid, planes) = extraction.Density(ws, frameMotion, times[i], options.Resolution, borderCells: options.BorderCells,
                    cancellation: cancellation);
            }
            catch (OperationCanceledException)
            {
                break; // Ctrl-C: keep the frames written so far
            }
            var stem = Path.Combine(outputDirectory, $"frame_{i:D4}");
            TriangleMesh? mesh = null;
            if (options.Format == MeshFormat.Mrc || cameras is not null) mesh = MarchingCubes.Extract(grid, options.Threshold);
            string path;
            if (options.Format == MeshFormat.Mrc)
            {
                path = stem + ".mrc";
                MrcWriter.Write(path, grid);
            }
            else
            {
                mesh ??= MarchingCubes.Extract(grid, options.Threshold);
                mesh = mesh.WithColors(extraction.VertexColors(mesh, planes, ws));
                path = stem + (options.Format == MeshFormat.Ply ? ".ply" : ".obj");
                if (options.Format == MeshFormat.Ply) PlyWriter.Write(path, mesh);
                else ObjWriter.Write(path, mesh);
            }
            if (cameras is not null) video.Add(MeshRasterizer.Render(mesh!, cameras[i], options.VideoSize, options.VideoSize));
            written.Add(new MeshFrame(i, times[i], path, mesh?.VertexCount ?? 0, mesh?.TriangleCount ?? 0));
            progress?.Report((i + 1, frames));
        }
        if (cameras is not null)
        {
            if (video.Count > 0)
            {
                var data = video.SelectMany(f => f).ToArray();
                VideoWriter.WriteMp4(Path.Combine(outputDirectory, "geometry.mp4"), new RgbFrames(video.Count, options.VideoSize, options.VideoSize, data), options.Fps);
            }
        }
        return written;
    }
}
