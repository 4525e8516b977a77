using Pv3d.Applications.Inversion;
using Pv3d.Applications.Meshes;
using Pv3d.Checkpoints;
using Pv3d.Geometry;
using Pv3d.Rendering.Cameras;
using Pv3d.Tests.Video;
using Pv3d.Torch;
using Pv3d.Video;

namespace Pv3d.Tests.Applications;

/// <summary>The density grid, mesh files and geometry video of a tiny generator, and <c>pv3d mesh</c>'s contract.</summary>
[Collection(GlobalRandomCollection.Name)]
public class MeshSequenceTests : IDisposable
{
    private readonly string _dir = TestFrames.TempDir();

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Fact]
    public void DensityGridHoldsTheGeneratorsRawSigmaAtTheOfficialBoxPoints()
    {
        using var loaded = CheckpointLoader.LoadGenerator(TinyModel.Write(_dir));
        var g = loaded.Generator;
        using var scope = TensorScope.Enter();
        using var noGrad = Pv3d.Torch.Autograd.NoGrad();
        var ws = g.Mapping(Tensor.Randn(1, 512), Camera.ToTensor(new[] { Camera.Canonical }));
        var motion = Tensor.Randn(1, 512);
        var (grid, _) = new GeometryExtraction(g).Density(ws, motion, 0.5, 9);
        Assert.Equal(0.125, grid.Spacing, 12);
        // Sample (2, 7, 4) sits at (-0.25, 0.375, 0) and must equal sample_mixed's sigma there.
        var point = Tensor.FromArray(new float[] { -0.25f, 0.375f, 0f }, 1, 1, 3);
        var direct = g.SampleMixed(point, null, ws, motion, Tensor.Full(new long[] { 1, 1 }, 0.5), Pv3d.Networks.NoiseMode.Const,
            Pv3d.Rendering.SamplingMode.Deterministic);
        Assert.Equal(direct.Sigma.Item(), grid[2, 7, 4], 4);
    }

    [Fact]
    public void WritesOneColouredMeshPerFrameAndAVideo()
    {
        using var loaded = CheckpointLoader.LoadGenerator(TinyModel.Write(_dir));
        using var scope = TensorScope.Enter();
        var ws = loaded.Generator.Mapping(Tensor.Randn(1, 512), Camera.ToTensor(new[] { Camera.Canonical }));
        var motion = Tensor.Randn(1, 512);
        // A random generator's density is far below the official level: the median of frame 0's grid gives a surface.
        var (grid, _) = new GeometryExtraction(loaded.Generator).Density(ws, motion, 0, 16);
        var median = grid.Values.Order().ElementAt(grid.Values.Length / 2);
        var options = new MeshSequenceOptions { Frames = 2, Resolution = 16, Threshold = median, Trajectory = new FrontalTrajectory(), VideoSize = 32 };
        var frames = MeshSequence.Write(loaded.Generator, ws, motion, null, options, _dir);
        Assert.Equal(new[] { 0.0, 1.0 }, frames.Select(f => f.Time));
        foreach (var f in frames)
        {
            Assert.True(File.Exists(f.Path));
            Assert.EndsWith(".ply", f.Path);
            Assert.True(f.Triangles > 0);
        }
        var info = VideoReader.Probe(Path.Combine(_dir, "geometry.mp4"));
        Assert.Equal((32, 32, 2), (info.Width, info.Height, info.FrameCount));
    }

    [Fact]
    public void RasterizedSphereCoversItsProjectedDiscAndFacesTheLight()
    {
        const double radius = 0.3;
        var mesh = MarchingCubes.Extract(DensityGrid.Cube(48, -0.5, 0.5, (x, y, z) => radius - Math.Sqrt(x * x + y * y + z * z)), 0);
        const int size = 64;
        var image = MeshRasterizer.Render(mesh, Camera.Canonical, size, size);
        var covered = Enumerable.Range(0, size * size).Count(p => image[3 * p] != 255);
        // Silhouette radius in pixels: focal · tan(asin(r / d)) with the camera 2.7 away.
        var pixels = 4.2647 * radius / Math.Sqrt(2.7 * 2.7 - radius * radius) * size;
        Assert.InRange(covered / (Math.PI * pixels * pixels), 0.96, 1.04);
        var centre = image[3 * (size / 2 * size + size / 2)];
        var rim = image[3 * (size / 2 * size + size / 2 + (int)(pixels * 0.95))];
        Assert.True(centre > 200 && rim < centre, $"centre {centre}, rim {rim}");
    }

    [Fact]
    public void MeshCommandWritesTheFormatAndRejectsBadLatents()
    {
        var checkpoint = TinyModel.Write(_dir);
        var outDir = Path.Combine(_dir, "mesh");
        Assert.Equal(0, Pv3d.Cli.Program.Main(["mesh", "--checkpoint", checkpoint, "--seed", "3", "--frames", "2", "--out", outDir,
            "--resolution", "12", "--format", "mrc", "--threads", "2"]));
        Assert.Equal(new[] { "frame_0000.mrc", "frame_0001.mrc" }, Directory.GetFiles(outDir).Select(Path.GetFileName).Order());
        Assert.Equal(1024 + 12 * 12 * 12 * 4, new FileInfo(Path.Combine(outDir, "frame_0000.mrc")).Length);

        // Latents of another model (other num_ws) and a missing latents file: exit 2.
        using var scope = TensorScope.Enter();
        var other = Path.Combine(_dir, "other.npz");
        using (var latents = new Latents(Tensor.Zeros(1, 3, 512), Tensor.Zeros(1, 25))) latents.Save(other);
        Assert.Equal(2, Pv3d.Cli.Program.Main(["mesh", "--checkpoint", checkpoint, "--latents", other, "--frames", "1", "--out", outDir]));
        Assert.Equal(2, Pv3d.Cli.Program.Main(["mesh", "--checkpoint", checkpoint, "--latents", other + ".nope", "--out", outDir]));
    }
}
